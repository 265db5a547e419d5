# bash completion for soso: commands, subcommands, each command's options (read
# from its own --help, so they never drift) and the files each option takes.
# Installed as <datadir>/bash-completion/completions/soso.

_soso_files() { # $1: extended glob of file kinds
  local IFS=$'\n'
  COMPREPLY=($(compgen -f -X "!$1" -- "$cur") $(compgen -d -- "$cur"))
  compopt -o filenames 2>/dev/null
}

_soso() {
  local cur prev words cword
  _init_completion 2>/dev/null || {
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  }
  local cmd="" sub="" i
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      --db | --data-dir) ((i++)) ;;
      -*) ;;
      *) if [[ -z $cmd ]]; then cmd=${words[i]}; elif [[ -z $sub ]]; then sub=${words[i]}; fi ;;
    esac
  done
  case $prev in
    --db) _soso_files '*.db'; return ;;
    --data-dir | --charts) compopt -o dirnames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "table csv json geojson md text" -- "$cur")); return ;;
    --community) _soso_files '*.community.yaml'; return ;;
    --preset) COMPREPLY=($(compgen -W "$(soso deposits presets 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
    --status) COMPREPLY=($(compgen -W "mine past_mine deposit prospect occurrence" -- "$cur")); return ;;
    --model) COMPREPLY=($(compgen -W "gbm ou" -- "$cur")); return ;;
    --out | --output | --fan | --chart | --policy-chart) _soso_files '*.@(png|svg|pdf|csv|json|geojson|md|html)'; return ;;
  esac
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "--db --data-dir --quiet --verbose --help --version" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$(soso --help 2>/dev/null | awk '/^Commands/ {on=1; next} /^$/ {on=0} on {print $1}')" -- "$cur"))
    fi
    return
  fi
  if [[ $cur == -* ]]; then
    local help
    if [[ $cmd == deposits || $cmd == prices ]] && [[ -n $sub ]]; then
      help=$(soso "$cmd" "$sub" --help 2>/dev/null)
    else
      help=$(soso "$cmd" --help 2>/dev/null)
    fi
    COMPREPLY=($(compgen -W "$(grep -o -- '--[a-z][a-z0-9-]*' <<<"$help" | sort -u)" -- "$cur"))
    return
  fi
  case $cmd in
    deposits)
      if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "import list show presets" -- "$cur"))
      elif [[ $sub == import ]]; then _soso_files '*.@(csv|gpkg|shp|geojson|json|CSV)'; fi ;;
    prices)
      if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "import list calibrate simulate" -- "$cur"))
      elif [[ $sub == import ]]; then _soso_files '*.@(csv|CSV)'; fi ;;
    value | simulate) _soso_files '*.mine.yaml' ;;
    impacts) _soso_files '*.site.yaml' ;;
    region | report) _soso_files '*.region.yaml' ;;
    econ) _soso_files '*.@(csv|yaml)' ;;
  esac
}
complete -F _soso soso
