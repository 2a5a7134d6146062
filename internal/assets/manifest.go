package assets

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/zeebo/blake3"
)

// Default limits of a manifest, from Cloudflare's global ceilings.
const (
	DefaultMaxFiles    = 100_000
	DefaultMaxFileSize = 25 << 20
)

// ErrLimit is wrapped by the errors of a manifest that exceeds a limit.
var ErrLimit = errors.New("asset limit exceeded")

// Entry is one asset of a manifest.
type Entry struct {
	Path        string // URL path, decoded, with a leading slash: "/blog/[id].html"
	Hash        string // 32 lower-case hex digits; the ETag is the hash in quotes
	Size        int64
	ContentType string // "" when the extension is unknown
	File        string // absolute file name on disk
}

// Manifest is the asset index of one directory: URL path to entry. It is
// immutable once built and safe for concurrent use; a lookup is a map hit.
type Manifest struct {
	byPath  map[string]*Entry
	entries []Entry // sorted by Path
}

// Lookup returns the entry at a decoded URL path such as "/index.html".
func (m *Manifest) Lookup(urlPath string) (*Entry, bool) {
	e, ok := m.byPath[urlPath]
	return e, ok
}

// Len returns the number of assets.
func (m *Manifest) Len() int { return len(m.entries) }

// Entries returns the entries sorted by path. The caller must not modify them.
func (m *Manifest) Entries() []Entry { return m.entries }

// ManifestOptions tunes [BuildManifest]. The zero value uses the defaults.
type ManifestOptions struct {
	MaxFiles    int   // 0: DefaultMaxFiles
	MaxFileSize int64 // 0: DefaultMaxFileSize
}

// always names the files of the directory root that are never assets.
var always = map[string]bool{"_headers": true, "_redirects": true, ".assetsignore": true}

// BuildManifest walks dir and hashes every regular file in it. Symbolic links
// and other non-regular files are skipped, never followed; .assetsignore
// (gitignore syntax) at the root leaves files out, and _headers, _redirects and
// .assetsignore at the root are never assets. Exceeding a limit is an error
// that wraps [ErrLimit] and names the file. Files are hashed in parallel.
func BuildManifest(dir string, opts ManifestOptions) (*Manifest, error) {
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if root, err := filepath.EvalSymlinks(dir); err == nil {
		dir = root // a linked root is fine; links inside it are not followed
	}
	ign, err := loadIgnore(dir)
	if err != nil {
		return nil, err
	}
	var files []Entry
	walk := func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("walk %s: %w", name, err)
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if ign.dirIgnored(rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || always[rel] || ign.ignored(rel) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("stat %s: %w", name, err)
		}
		if info.Size() > opts.MaxFileSize {
			return fmt.Errorf("build manifest: %s is %d bytes, over the %d-byte limit: %w",
				name, info.Size(), opts.MaxFileSize, ErrLimit)
		}
		if len(files) == opts.MaxFiles {
			return fmt.Errorf("build manifest: %s is file %d, over the %d-file limit: %w",
				name, len(files)+1, opts.MaxFiles, ErrLimit)
		}
		urlPath := "/" + rel
		files = append(files, Entry{Path: urlPath, Size: info.Size(),
			ContentType: ContentType(urlPath), File: name})
		return nil
	}
	if err := filepath.WalkDir(dir, walk); err != nil {
		return nil, err
	}
	if err := hashAll(files); err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	m := &Manifest{byPath: make(map[string]*Entry, len(files)), entries: files}
	for i := range files {
		m.byPath[files[i].Path] = &files[i]
	}
	return m, nil
}

// hashAll fills in the Hash of every entry, on one goroutine per core.
func hashAll(files []Entry) error {
	var (
		wg    sync.WaitGroup
		next  = make(chan int)
		mu    sync.Mutex // guards first
		first error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs := newHashState()
			for i := range next {
				h, err := hs.file(files[i].File)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					continue
				}
				files[i].Hash = h
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// HashFile returns the content hash of a file, as Cloudflare computes it at
// upload: the first 32 hex digits of BLAKE3(base64(content) + extension without
// the dot). It depends only on the bytes and the extension, so an ETag survives
// restarts and moves between machines.
func HashFile(name string) (string, error) {
	return newHashState().file(name)
}

// hashState is one goroutine's reusable hasher and read buffer.
type hashState struct {
	h   *blake3.Hasher
	buf []byte
}

func newHashState() *hashState {
	return &hashState{h: blake3.New(), buf: make([]byte, 48<<10)}
}

func (hs *hashState) file(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("hash asset: %w", err)
	}
	defer f.Close()
	hs.h.Reset()
	enc := base64.NewEncoder(base64.StdEncoding, hs.h)
	for {
		n, err := f.Read(hs.buf)
		enc.Write(hs.buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("hash asset %s: %w", name, err)
		}
	}
	enc.Close()
	hs.h.WriteString(hashExt(filepath.Base(name)))
	var sum [32]byte
	return hex.EncodeToString(hs.h.Sum(sum[:0])[:16]), nil
}

// hashExt is the extension the hash includes, without its dot, as Node's
// path.extname gives it: a dot that starts the name (".env") begins none.
func hashExt(base string) string {
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || base == ".." {
		return ""
	}
	return base[i+1:]
}
