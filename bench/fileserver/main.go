// Command fileserver is the baseline of bench/run: net/http's FileServer serving a
// folder on a loopback port, so that Portico's asset path is measured against the
// standard library on the same machine in the same run.
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8788", "loopback address to listen on")
	dir := flag.String("dir", ".", "folder to serve")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*addr, http.FileServer(http.Dir(*dir))))
}
