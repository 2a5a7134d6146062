package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/portico-dev/portico/internal/config"
	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	var env string
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Load and validate worker configs and print their diagnostics",
		Long: `Check loads each PATH (a wrangler.toml, wrangler.json or wrangler.jsonc, or a
folder holding one; default ".") the way every other command would, and prints
its diagnostics to standard error, one a line:

    FILE:LINE:COL: warning: MESSAGE
    FILE:LINE:COL: error: MESSAGE

With several PATHs, it also checks the rules between workers: unique names, no
routes on a worker used as middleware, no middleware loop. It prints nothing on
a clean config. The exit status is 1 when any config has
an error (or cannot be read), else 0: warnings alone do not fail.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			if !check(cmd.ErrOrStderr(), args, env) {
				return exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&env, "env", "e", "",
		"overlay the [env.NAME] section of each config")
	return cmd
}

// check loads every path and prints its diagnostics; it reports whether all loaded
// without errors.
// When several configs load, the rules that span workers (config.CheckSet) are checked
// too.
func check(w io.Writer, paths []string, env string) bool {
	ok := true
	var loaded []*config.Config
	for _, p := range paths {
		c, diags, err := config.Load(p, config.LoadOptions{Env: env})
		for _, d := range diags {
			fmt.Fprintln(w, formatDiagnostic(d))
		}
		if err != nil {
			ok = false
			if !errors.Is(err, config.ErrInvalid) {
				fmt.Fprintf(w, "%s: error: %v\n", p, err)
			}
		}
		if c != nil {
			loaded = append(loaded, c)
		}
	}
	if len(loaded) > 1 {
		set := config.CheckSet(loaded)
		for _, d := range set {
			fmt.Fprintln(w, formatDiagnostic(d))
		}
		ok = ok && !set.HasErrors()
	}
	return ok
}

// formatDiagnostic renders a diagnostic as "FILE:LINE:COL: SEVERITY: MESSAGE", the form
// compilers use, so editors can jump to it.
func formatDiagnostic(d config.Diagnostic) string {
	if d.Line <= 0 {
		return fmt.Sprintf("%s: %s: %s", d.File, d.Severity, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Col, d.Severity, d.Message)
}
