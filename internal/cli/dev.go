package cli

import (
	"fmt"
	"strings"

	"github.com/portico-dev/portico/internal/dev"
	"github.com/spf13/cobra"
)

func newDevCmd(stdio Stdio) *cobra.Command {
	var (
		configs []string
		vars    []string
		opts    dev.Options
	)
	cmd := &cobra.Command{
		Use:   "dev [PATH...] [-c CONFIG]...",
		Short: "Serve workers locally, rebuilding them as their files change",
		Long: `Dev loads each PATH and each -c CONFIG (a wrangler.toml, wrangler.json or
wrangler.jsonc, or a folder holding one; default ".") and serves them on
http://127.0.0.1:8787. The first worker that is not a middleware answers that
address; every worker with routes also answers the hosts its routes name. When
a worker names a middleware that is not loaded, dev looks for it in the folders
beside that worker's folder and says where it found it.

Every request prints one line: method, path, status, time, and the stages it
ran through. Workers' console output is printed with their name. When a
worker's source, config or assets change, it is rebuilt and swapped in without
dropping requests in flight; a broken edit keeps the last good version.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = append(args, configs...)
			opts.Vars = map[string]string{}
			for _, v := range vars {
				k, val, ok := strings.Cut(v, ":")
				if !ok || k == "" {
					return fmt.Errorf("--var %q: want KEY:VALUE", v)
				}
				opts.Vars[k] = val
			}
			if opts.Port == 0 {
				opts.Port = -1 // any free port
			}
			opts.Out, opts.Err, opts.Getenv = cmd.OutOrStdout(), cmd.ErrOrStderr(), stdio.Getenv
			if err := dev.Run(cmd.Context(), opts); err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "portico: %v\n", err)
				return exitError{code: 1}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&configs, "config", "c", nil, "a worker's config file (repeatable)")
	f.IntVar(&opts.Port, "port", 8787, "port to listen on; 0 picks a free one")
	f.StringVar(&opts.IP, "ip", "127.0.0.1", "address to listen on")
	f.StringVarP(&opts.Env, "env", "e", "", "overlay the [env.NAME] section of each config")
	f.StringArrayVar(&vars, "var", nil, "a secret for every worker, as KEY:VALUE (repeatable)")
	return cmd
}
