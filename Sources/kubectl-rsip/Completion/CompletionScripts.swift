import ArgumentParser

/// `kubectl rsip completion bash|zsh|fish`: a completion script for running `kubectl-rsip`
/// directly. Like cobra's generated scripts, each one asks `kubectl-rsip __complete WORDS...` and
/// honours the directive on the last line, so it completes exactly what `kubectl rsip <TAB>`
/// completes through `kubectl_complete-rsip`.
struct Completion: RSIPCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print a shell completion script (bash, zsh or fish) for the kubectl-rsip command.",
        discussion: """
            'kubectl rsip <TAB>' needs no script from here: kubectl 1.26+ completes plugins through an executable named kubectl_complete-rsip on PATH (shipped in completions/), once kubectl's own completion is loaded. These scripts are for calling kubectl-rsip directly.

            Examples:
              # bash: load in the current shell (add the line to ~/.bashrc to keep it)
              source <(kubectl-rsip completion bash)

              # zsh: load in the current shell, after compinit
              source <(kubectl-rsip completion zsh)

              # fish: install for every new shell
              kubectl-rsip completion fish > ~/.config/fish/completions/kubectl-rsip.fish
            """)

    enum Shell: String, CaseIterable {
        case bash, zsh, fish
    }

    /// Any word parses, so a shell we have no script for gets cobra's wording below instead of
    /// the parser's; completion still offers the shells there are.
    struct ShellName: ExpressibleByArgument {
        var word: String
        init?(argument: String) { word = argument }
        static var allValueStrings: [String] { Shell.allCases.map(\.rawValue) }
    }

    @Argument(help: ArgumentHelp("The shell to print a script for: bash, zsh or fish.", valueName: "shell"))
    var shellName: ShellName

    func execute(_ context: CommandContext) throws -> Int32 {
        // cobra's wording for an argument outside ValidArgs, with the shells there are.
        guard let shell = Shell(rawValue: shellName.word) else {
            throw UsageError("invalid argument \"\(shellName.word)\" for \"kubectl rsip completion\"",
                             hint: "the shells: " + Shell.allCases.map(\.rawValue).joined(separator: ", "))
        }
        switch shell {
        case .bash: context.stdout.write(Self.bash)
        case .zsh: context.stdout.write(Self.zsh)
        case .fish: context.stdout.write(Self.fish)
        }
        return 0
    }

    static let bash = #"""
        # bash completion for kubectl-rsip                          -*- shell-script -*-
        # Load with: source <(kubectl-rsip completion bash)
        # Asks 'kubectl-rsip __complete WORDS...' (cobra's protocol): candidates, then ':DIRECTIVE'.

        __kubectl_rsip_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local -a args
            # Split on blanks only, so '--output=ya' and 'a:b' stay one word.
            read -r -a args <<< "$line"
            local prog="${args[0]:-kubectl-rsip}"
            [[ -x "$prog" ]] || prog=kubectl-rsip
            args=("${args[@]:1}")
            if [[ ${#args[@]} -eq 0 || "$line" == *[[:space:]] ]]; then
                args+=("")
            fi
            local cur="${args[${#args[@]}-1]}"
            # bash completes only what follows '=' (it is in COMP_WORDBREAKS).
            if [[ "$cur" == -*=* ]]; then
                cur="${cur#*=}"
            fi

            local out directive=0 last
            out=$("$prog" __complete "${args[@]}" 2>/dev/null) || out=""
            last="${out##*$'\n'}"
            if [[ "$last" =~ ^:[0-9]+$ ]]; then
                directive="${last#:}"
                if [[ "$out" == *$'\n'* ]]; then out="${out%$'\n'*}"; else out=""; fi
            fi
            COMPREPLY=()
            if (( directive & 1 )); then
                return
            fi

            local -a values=()
            local entry
            while IFS= read -r entry; do
                [[ -n "$entry" ]] && values+=("${entry%%$'\t'*}")
            done <<< "$out"

            if (( directive & 8 )); then
                # FilterFileExt: the candidates are extensions; offer matching files and directories.
                local file ext
                compopt -o filenames 2>/dev/null
                while IFS= read -r file; do
                    [[ -z "$file" ]] && continue
                    if [[ -d "$file" ]]; then COMPREPLY+=("$file"); continue; fi
                    for ext in "${values[@]}"; do
                        if [[ "$file" == *."$ext" ]]; then COMPREPLY+=("$file"); break; fi
                    done
                done < <(compgen -f -- "$cur")
                return
            fi
            if (( directive & 16 )); then
                compopt -o dirnames 2>/dev/null
                local dir="${values[0]}"
                if [[ -n "$dir" ]]; then
                    COMPREPLY=($(cd "$dir" 2>/dev/null && compgen -d -- "$cur"))
                else
                    COMPREPLY=($(compgen -d -- "$cur"))
                fi
                return
            fi

            local value
            for value in "${values[@]}"; do
                [[ "$value" == "$cur"* ]] && COMPREPLY+=("$value")
            done
            if (( directive & 2 )); then
                compopt -o nospace 2>/dev/null
            fi
            if (( directive & 4 )); then
                # NoFileComp: no file names, even with no candidates.
                compopt +o default 2>/dev/null
            fi
        }

        complete -o default -F __kubectl_rsip_complete kubectl-rsip

        """#

    static let zsh = #"""
        #compdef kubectl-rsip
        # zsh completion for kubectl-rsip
        # Load with: source <(kubectl-rsip completion zsh)   (after compinit)
        # Asks 'kubectl-rsip __complete WORDS...' (cobra's protocol): candidates, then ':DIRECTIVE'.

        _kubectl_rsip() {
            local -a args lines completions exts
            local out directive=0 lastLine entry value desc flagPrefix=""
            local prog="${words[1]}"
            (( $+commands[$prog] )) || [[ -x "$prog" ]] || prog=kubectl-rsip
            args=("${(@)words[2,CURRENT]}")

            out=$("$prog" __complete "${args[@]}" 2>/dev/null)
            lines=("${(@f)out}")
            lastLine="${lines[-1]}"
            if [[ "$lastLine" == :<-> ]]; then
                directive="${lastLine#:}"
                lines[-1]=()
            fi
            if (( directive & 1 )); then
                return 1
            fi

            # '--output=<TAB>': the candidates are values; zsh needs the flag as a prefix.
            if [[ "${words[CURRENT]}" == -*=* ]]; then
                flagPrefix="${words[CURRENT]%%=*}="
            fi

            for entry in "${lines[@]}"; do
                [[ -z "$entry" ]] && continue
                value="${entry%%$'\t'*}"
                if (( directive & 8 )); then
                    exts+=("$value")
                    continue
                fi
                value="${value//:/\\:}"
                if [[ "$entry" == *$'\t'* ]]; then
                    desc="${entry#*$'\t'}"
                    completions+=("${value}:${desc}")
                else
                    completions+=("${value}")
                fi
            done

            if (( directive & 8 )); then
                local pattern="*.(${(j:|:)exts})"
                _files -g "$pattern"
                return
            fi
            if (( directive & 16 )); then
                _files -/
                return
            fi
            if (( ${#completions} )); then
                if (( directive & 2 )); then
                    _describe -t kubectl-rsip 'completions' completions -P "$flagPrefix" -S ''
                else
                    _describe -t kubectl-rsip 'completions' completions -P "$flagPrefix"
                fi
                return
            fi
            if (( ! (directive & 4) )); then
                # Default directive with nothing to offer: file names.
                _files
            fi
        }

        if [[ "${funcstack[1]}" == "_kubectl_rsip" ]]; then
            _kubectl_rsip "$@"
        else
            compdef _kubectl_rsip kubectl-rsip
        fi

        """#

    static let fish = #"""
        # fish completion for kubectl-rsip
        # Install with: kubectl-rsip completion fish > ~/.config/fish/completions/kubectl-rsip.fish
        # Asks 'kubectl-rsip __complete WORDS...' (cobra's protocol): candidates, then ':DIRECTIVE'.

        function __kubectl_rsip_prepare_completions
            set -g __kubectl_rsip_comp_results
            set -l args (commandline -opc)
            set -l prog $args[1]
            if not command -q -- $prog
                set prog kubectl-rsip
            end
            set -e args[1]
            set -l current (commandline -ct)

            set -l out ($prog __complete $args "$current" 2>/dev/null)
            set -l directive 0
            if test (count $out) -gt 0; and string match -qr '^:[0-9]+$' -- $out[-1]
                set directive (string sub -s 2 -- $out[-1])
                set -e out[-1]
            end
            if test (math "bitand($directive, 1)") -ne 0
                return 1
            end
            # FilterFileExt and FilterDirs: let fish complete files.
            if test (math "bitand($directive, 24)") -ne 0
                return 1
            end

            # '--output=<TAB>': the candidates are values; fish needs the flag as a prefix.
            set -l prefix (string match -r -- '^-[^=]*=' "$current")
            set -l results
            for line in $out
                if test -n "$line"
                    set -a results "$prefix$line"
                end
            end

            if test (count $results) -eq 0
                # Default directive: fall back to file names; NoFileComp: nothing at all.
                if test (math "bitand($directive, 4)") -eq 0
                    return 1
                end
                return 0
            end
            if test (math "bitand($directive, 2)") -ne 0; and test (count $results) -eq 1
                # NoSpace: fish adds no space after these characters; otherwise offer a second,
                # longer candidate so that fish stops at the common part.
                set -l value (string split --max 1 \t -- $results[1])[1]
                if not string match -qr '[@=/:.,]$' -- "$value"
                    set results $value $value.
                end
            end
            set -g __kubectl_rsip_comp_results $results
            return 0
        end

        complete -c kubectl-rsip -e
        complete -c kubectl-rsip -n '__kubectl_rsip_prepare_completions' -f -a '$__kubectl_rsip_comp_results'

        """#
}
