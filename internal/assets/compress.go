package assets

import (
	"bytes"
	"container/list"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// Compression bounds: smaller files are not worth it, larger ones are streamed
// as they are rather than held compressed in memory.
const (
	minCompressSize     = 1 << 10
	maxCompressSize     = 8 << 20
	defaultVariantCache = 64 << 20
)

// variantCache holds compressed variants by content hash and encoding, least
// recently used first out, bounded by total bytes. Concurrent requests for a
// missing variant wait for one compression.
type variantCache struct {
	limit int64

	mu      sync.Mutex // guards the fields below
	size    int64
	lru     *list.List // of *variant, front = most recent
	byKey   map[string]*list.Element
	pending map[string]chan struct{}
}

type variant struct {
	key  string
	data []byte // nil: compression did not make it smaller
}

func newVariantCache(limit int64) *variantCache {
	if limit < 0 {
		return nil
	}
	if limit == 0 {
		limit = defaultVariantCache
	}
	return &variantCache{limit: limit, lru: list.New(), byKey: map[string]*list.Element{},
		pending: map[string]chan struct{}{}}
}

// get returns the compressed bytes of e in encoding enc ("br" or "gzip"),
// computing them once; nil means serve the identity encoding.
func (vc *variantCache) get(e *Entry, enc string) ([]byte, error) {
	key := e.Hash + "/" + enc
	for {
		vc.mu.Lock()
		if el, ok := vc.byKey[key]; ok {
			vc.lru.MoveToFront(el)
			vc.mu.Unlock()
			return el.Value.(*variant).data, nil
		}
		wait, busy := vc.pending[key]
		if !busy {
			done := make(chan struct{})
			vc.pending[key] = done
			vc.mu.Unlock()
			data, err := compressFile(e, enc)
			vc.mu.Lock()
			delete(vc.pending, key)
			if err == nil {
				vc.addLocked(&variant{key: key, data: data})
			}
			vc.mu.Unlock()
			close(done)
			return data, err
		}
		vc.mu.Unlock()
		<-wait
	}
}

// addLocked stores v and evicts the least recently used variants over the limit.
func (vc *variantCache) addLocked(v *variant) {
	vc.byKey[v.key] = vc.lru.PushFront(v)
	vc.size += int64(len(v.data)) + int64(len(v.key))
	for vc.size > vc.limit && vc.lru.Len() > 1 {
		old := vc.lru.Back()
		ov := old.Value.(*variant)
		vc.lru.Remove(old)
		delete(vc.byKey, ov.key)
		vc.size -= int64(len(ov.data)) + int64(len(ov.key))
	}
}

// compressFile compresses a file; nil when the result is not smaller.
func compressFile(e *Entry, enc string) ([]byte, error) {
	f, err := os.Open(e.File)
	if err != nil {
		return nil, fmt.Errorf("compress asset: %w", err)
	}
	defer f.Close()
	var buf bytes.Buffer
	var w io.WriteCloser
	if enc == "br" {
		w = brotli.NewWriterLevel(&buf, 6)
	} else {
		w, _ = gzip.NewWriterLevel(&buf, gzip.BestCompression)
	}
	if _, err := io.Copy(w, io.LimitReader(f, maxCompressSize+1)); err != nil {
		return nil, fmt.Errorf("compress asset %s: %w", e.Path, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("compress asset %s: %w", e.Path, err)
	}
	if int64(buf.Len()) >= e.Size {
		return nil, nil
	}
	return buf.Bytes(), nil
}

// negotiate picks "br" or "gzip" from Accept-Encoding, or "" for identity.
// A coding is acceptable when listed (or covered by "*") with a q above 0.
func negotiate(accept string) string {
	if accept == "" {
		return ""
	}
	q := map[string]float64{}
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(k, "q") {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					weight = f
				}
			}
		}
		q[name] = weight
	}
	for _, enc := range []string{"br", "gzip"} {
		if w, ok := q[enc]; ok {
			if w > 0 {
				return enc
			}
			continue
		}
		if w, ok := q["*"]; ok && w > 0 {
			return enc
		}
	}
	return ""
}
