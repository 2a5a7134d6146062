// Package bundle turns a worker's main module and everything it imports (its own files and
// packages from node_modules) into one script that the JavaScript engine runs: esbuild
// output in IIFE form with an inline source map.
//
// bundle owns the esbuild settings that the engine needs (syntax lowering, package.json
// conditions of the Workers platform), the built-in module "cloudflare:workers", the
// build errors for imports that Portico cannot satisfy (Node.js built-ins, other
// "cloudflare:" modules), and incremental rebuilds for the dev server. It is the only
// package that imports esbuild. It must not import the JavaScript engine (goja) or any
// package that serves requests: a script is plain text handed to the runtime.
//
// Running Script.Code in a fresh runtime defines the global GlobalName, the module
// namespace object of the entry: its default export and its named exports. Before the
// script runs, the runtime defines globalThis.__porticoCloudflareWorkers, from which the
// "cloudflare:workers" module reads its exports when it is evaluated: env, waitUntil,
// and the classes WorkerEntrypoint, DurableObject, WorkflowEntrypoint, RpcTarget and
// RpcStub. A class the runtime leaves out becomes a stand-in that throws when
// constructed; a script that imports the module throws while loading if the runtime did
// not define the object at all.
package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// GlobalName is the global variable that a script defines: the entry's module namespace
// object.
const GlobalName = "__porticoWorker"

// Options says what to bundle.
type Options struct {
	// Entry is the absolute path of the worker's main module (.ts, .tsx, .js, .jsx or
	// .mjs). Required.
	Entry string
	// Dir is the directory that file paths in messages are relative to, usually the
	// directory of the worker's config. Empty means the directory of Entry.
	Dir string
	// Define replaces global expressions with constant expressions, like wrangler's
	// "define" (keys are expressions such as "process.env.API", values are JavaScript
	// source such as `"https://api.example.com"`). Empty means none beyond the default
	// process.env.NODE_ENV = "production", which an entry here replaces.
	Define map[string]string
}

// Script is the bundled JavaScript of a worker.
type Script struct {
	// Name is the entry path, used as the script name in stack traces: the runtime
	// resolves the source map's paths against it.
	Name string
	// Code is JavaScript for the engine, ending with an inline source map that holds the
	// sources' content.
	Code string
	// Inputs are the absolute paths of the files the build read, sorted, for a watcher:
	// every module, and the tsconfig.json, jsconfig.json and package.json files of the
	// directories of the worker's own modules (inside Options.Dir, outside node_modules).
	Inputs []string
	// Warnings are esbuild's warnings; a script with warnings still runs.
	Warnings []Message
}

// entryExts are the extensions a worker's main module may have.
var entryExts = map[string]bool{".ts": true, ".tsx": true, ".js": true, ".jsx": true, ".mjs": true}

// Build bundles opts.Entry once. A build failure is an *Error carrying esbuild's messages.
func Build(opts Options) (*Script, error) {
	bo, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	return scriptOf(opts, api.Build(bo))
}

// buildOptions checks opts and returns the esbuild options for it.
func buildOptions(opts Options) (api.BuildOptions, error) {
	entry, dir, err := checkEntry(opts)
	if err != nil {
		return api.BuildOptions{}, err
	}
	define := map[string]string{"process.env.NODE_ENV": `"production"`}
	for k, v := range opts.Define {
		define[k] = v
	}
	return api.BuildOptions{
		EntryPoints: []string{entry},
		// Nothing is written; the output path only anchors the source map: its sources
		// are relative to the entry's directory, which is how the engine resolves them
		// against Script.Name.
		Outfile:       filepath.Join(filepath.Dir(entry), GlobalName+".js"),
		Write:         false,
		AbsWorkingDir: dir,
		Bundle:        true,
		Metafile:      true,
		AbsPaths:      api.MetafileAbsPath,
		LogLevel:      api.LogLevelSilent,

		Format:     api.FormatIIFE,
		GlobalName: GlobalName,
		Banner:     map[string]string{"js": prelude},
		Target:     api.ESNext,
		Supported:  engineUnsupported,
		Charset:    api.CharsetUTF8,
		KeepNames:  true, // wrangler's default: function and class names survive bundling

		// The package.json conditions wrangler uses: esbuild adds "default" always,
		// "import" or "require" by the kind of import, and "browser" for the browser
		// platform. Setting conditions turns off esbuild's implicit "module", as in
		// wrangler.
		Platform:   api.PlatformBrowser,
		Conditions: []string{"workerd", "worker", "browser"},

		Loader: textModules,
		Define: define,

		Sourcemap:      api.SourceMapInline,
		SourcesContent: api.SourcesContentInclude,

		Plugins: []api.Plugin{builtinsPlugin},
	}, nil
}

// textModules import as strings, as wrangler's default module rules have them.
var textModules = map[string]api.Loader{
	".txt":  api.LoaderText,
	".html": api.LoaderText,
	".sql":  api.LoaderText,
}

// checkEntry returns the cleaned entry and the directory that messages are relative to.
// A mistake of the caller (a relative path) is a plain error; a main module that cannot
// be bundled is an *Error for the user.
func checkEntry(opts Options) (entry, dir string, err error) {
	if !filepath.IsAbs(opts.Entry) {
		return "", "", fmt.Errorf("bundle %q: entry is not an absolute path", opts.Entry)
	}
	entry = filepath.Clean(opts.Entry)
	dir = opts.Dir
	if dir == "" {
		dir = filepath.Dir(entry)
	}
	if !filepath.IsAbs(dir) {
		return "", "", fmt.Errorf("bundle %q: dir %q is not an absolute path", entry, dir)
	}
	fail := func(text string) (string, string, error) {
		return "", "", &Error{Messages: []Message{{File: relPath(dir, entry), Text: text}}}
	}
	if ext := filepath.Ext(entry); !entryExts[ext] {
		return fail(fmt.Sprintf("main module must be .ts, .tsx, .js, .jsx or .mjs, not %q", ext))
	}
	fi, err := os.Stat(entry)
	switch {
	case os.IsNotExist(err):
		return fail("main module does not exist")
	case err != nil:
		return fail(err.Error())
	case fi.IsDir():
		return fail("main module is a directory")
	}
	return entry, dir, nil
}

// engineUnsupported lowers the syntax that the engine does not parse. Async generators
// and for await are syntax errors there; class fields named get, set or async fail to
// parse, static ones too; an import() anywhere fails to parse, even if it never runs. A
// RegExp literal with the d flag fails the whole script's parse too: as new RegExp(...)
// it throws only where it runs, at a source-mapped position.
var engineUnsupported = map[string]bool{
	"async-generator":      false,
	"for-await":            false,
	"class-field":          false,
	"class-static-field":   false,
	"dynamic-import":       false,
	"regexp-match-indices": false,
}

// prelude runs before the bundle. esbuild's helpers for lowered async iteration fall back
// to Symbol.for("Symbol.asyncIterator") when Symbol.asyncIterator is missing; defining it
// as that symbol keeps user code that names Symbol.asyncIterator in step with them.
const prelude = `if (typeof Symbol.asyncIterator !== "symbol") ` +
	`Object.defineProperty(Symbol, "asyncIterator", { value: Symbol.for("Symbol.asyncIterator") });`

// scriptOf turns an esbuild result into a Script, or into an *Error when it failed.
func scriptOf(opts Options, res api.BuildResult) (*Script, error) {
	dir := opts.Dir
	if dir == "" {
		dir = filepath.Dir(opts.Entry)
	}
	if len(res.Errors) > 0 {
		return nil, &Error{Messages: messagesOf(dir, res.Errors)}
	}
	var code string
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			code = string(f.Contents)
		}
	}
	if code == "" {
		return nil, fmt.Errorf("bundle %s: esbuild produced no JavaScript", opts.Entry)
	}
	inputs, err := metafileInputs(res.Metafile, dir)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", opts.Entry, err)
	}
	return &Script{
		Name:     filepath.Clean(opts.Entry),
		Code:     code,
		Inputs:   inputs,
		Warnings: messagesOf(dir, res.Warnings),
	}, nil
}
