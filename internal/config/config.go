// Package config owns a worker's configuration: parsing wrangler.toml, wrangler.json and
// wrangler.jsonc, the [env.NAME] overlay, defaults, validation with file:line:col
// diagnostics, and the local secrets files (.dev.vars, .env). Precedence, lowest first:
// the file's top level, then [env.NAME], then command-line flags.
//
// Load runs four steps, each in its own file and tested alone: parse (parse_toml.go,
// parse_json.go) builds a tree that keeps every key's line and column; the env overlay
// (env.go) applies wrangler's inheritance rules; decode checks types and unknown keys;
// defaults fill unset fields and resolve paths against the config's folder; validate
// checks the rules that span fields. Every finding is a Diagnostic located in the file.
// Cloudflare keys that Portico does not run (durable_objects, d1_databases, ...) load
// with a warning naming the bindings that will be missing, and are listed in
// Config.Unsupported. CheckSet checks the rules between workers loaded together.
//
// It imports no other Portico package.
package config

// Config is one worker's configuration after the env overlay and defaults. Paths are
// absolute. The JSON form is the normalised config that the golden tests compare.
type Config struct {
	// File is the absolute path of the config file this was loaded from.
	File string `json:"-"`
	// Env is the selected [env.NAME], "" for the top level.
	Env string `json:"env,omitempty"`

	Name               string   `json:"name"`
	Main               string   `json:"main,omitempty"` // absolute; "" for an assets-only worker
	CompatibilityDate  string   `json:"compatibility_date,omitempty"`
	CompatibilityFlags []string `json:"compatibility_flags,omitempty"`
	// WorkersDev defaults to true: the worker answers on its dev/workers.dev host. For a
	// middleware (Origin set) it defaults to false, and true is an error.
	WorkersDev bool    `json:"workers_dev"`
	Routes     []Route `json:"routes,omitempty"`
	Assets     *Assets `json:"assets,omitempty"`
	// Middleware is the chain that fronts this worker; the first runs first.
	Middleware []string `json:"middleware,omitempty"`
	// Origin is set on a middleware worker: the binding that reaches what it fronts.
	Origin        *Origin          `json:"origin,omitempty"`
	Services      []Service        `json:"services,omitempty"`
	TailConsumers []TailConsumer   `json:"tail_consumers,omitempty"`
	Vars          map[string]any   `json:"vars,omitempty"` // strings or JSON values
	KVNamespaces  []KVNamespace    `json:"kv_namespaces,omitempty"`
	Triggers      Triggers         `json:"triggers"`
	Placement     *Placement       `json:"placement,omitempty"`
	Limits        Limits           `json:"limits"`
	Secrets       SecretsConfig    `json:"secrets"`
	Unsupported   []UnsupportedKey `json:"unsupported,omitempty"`

	// display is the config path as the user gave it, for later diagnostics.
	display string
	// locs maps field paths ("assets.directory", "secrets.required[0]") to where they
	// were set, for diagnostics raised after Load.
	locs map[string]pos
}

// Route is one entry of route/routes.
type Route struct {
	Pattern      string `json:"pattern"`
	ZoneName     string `json:"zone_name,omitempty"`
	ZoneID       string `json:"zone_id,omitempty"`
	CustomDomain bool   `json:"custom_domain,omitempty"`
}

// Assets is the [assets] table.
type Assets struct {
	Directory string `json:"directory"` // absolute
	Binding   string `json:"binding,omitempty"`
	// HTMLHandling defaults to "auto-trailing-slash".
	HTMLHandling string `json:"html_handling"`
	// NotFoundHandling defaults to "none".
	NotFoundHandling string `json:"not_found_handling"`
	// RunWorkerFirst is false by default.
	RunWorkerFirst RunWorkerFirst `json:"run_worker_first"`
}

// RunWorkerFirst is run_worker_first: either All, or a list of rules ("/api/*",
// "!/api/public/*"). With neither, assets are tried first.
type RunWorkerFirst struct {
	All   bool     `json:"all,omitempty"`
	Rules []string `json:"rules,omitempty"`
}

// Origin is the [origin] table of a middleware worker.
type Origin struct {
	Binding string `json:"binding"`
}

// Service is one service binding.
type Service struct {
	Binding     string `json:"binding"`
	Service     string `json:"service"`
	Entrypoint  string `json:"entrypoint,omitempty"`
	Environment string `json:"environment,omitempty"`
	// Props is passed to the target as ctx.props; nil when not set.
	Props map[string]any `json:"props,omitempty"`
}

// TailConsumer names a worker that receives this worker's trace items.
type TailConsumer struct {
	Service     string `json:"service"`
	Environment string `json:"environment,omitempty"`
}

// KVNamespace is one KV namespace binding.
type KVNamespace struct {
	Binding   string `json:"binding"`
	ID        string `json:"id,omitempty"`
	PreviewID string `json:"preview_id,omitempty"`
}

// Triggers holds the cron schedules, in Cloudflare's dialect, exactly as written.
type Triggers struct {
	Crons []string `json:"crons,omitempty"`
}

// Placement is where the worker's code should run.
type Placement struct {
	Mode     string `json:"mode,omitempty"` // "smart" or "off"
	Hint     string `json:"hint,omitempty"`
	Region   string `json:"region,omitempty"`
	Host     string `json:"host,omitempty"`
	Hostname string `json:"hostname,omitempty"`
}

// Limits are per-invocation limits.
type Limits struct {
	// CPUMs is the CPU budget of one invocation in milliseconds; 0 means the default.
	CPUMs int `json:"cpu_ms,omitempty"`
}

// SecretsConfig declares the secrets a worker needs.
type SecretsConfig struct {
	Required []string `json:"required,omitempty"`
}

// UnsupportedKey records a Cloudflare config key that Portico loads but does not run, and
// the bindings that will be missing because of it.
type UnsupportedKey struct {
	Key      string   `json:"key"`
	Bindings []string `json:"bindings,omitempty"`
}
