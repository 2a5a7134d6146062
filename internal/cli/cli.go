// Package cli owns Portico's commands (dev, serve, check, version, ...). It turns command
// lines into calls on the other packages and prints what they report. Nothing imports cli
// but cmd/portico.
package cli

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Stdio is the process state a command may touch: its standard streams and environment.
// Commands take it as a value so the whole CLI runs inside go test.
type Stdio struct {
	In  io.Reader
	Out io.Writer // what the CLI says to its user
	Err io.Writer // diagnostics and operator logs
	// Getenv reads the environment; nil means no variables are set.
	Getenv func(string) string
}

func (s Stdio) getenv(k string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(k)
}

// Version is the release this binary was built from; "dev" when built from a checkout.
var Version = "dev"

// exitError carries a process exit code out of a command without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run executes the command line args and returns the process exit code.
func Run(ctx context.Context, args []string, stdio Stdio) int {
	root := newRoot(stdio)
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	if e, ok := err.(exitError); ok {
		return e.code
	}
	fmt.Fprintf(stdio.Err, "portico: %v\n", err)
	return 1
}

func newRoot(stdio Stdio) *cobra.Command {
	root := &cobra.Command{
		Use:           "portico",
		Short:         "Run Workers-style web applications: workers, static assets and their middleware",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newVersionCmd(), newCheckCmd(), newDevCmd(stdio))
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print Portico's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := Version
			if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" && bi.Main.Version != "" &&
				bi.Main.Version != "(devel)" {
				v = bi.Main.Version
			}
			fmt.Fprintf(cmd.OutOrStdout(), "portico %s\n", v)
			return nil
		},
	}
}
