// Command portico runs Workers-style web applications: workers, static assets and the
// assets middleware that fronts them.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/portico-dev/portico/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
