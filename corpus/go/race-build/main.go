// Command counter adds up work from several goroutines under a mutex; built with -race, the
// race detector (which needs cgo) watches every access.
package main

import (
	"flag"
	"fmt"
	"sync"
)

func main() {
	workers := flag.Int("workers", 4, "goroutines")
	flag.Parse()
	var (
		mu    sync.Mutex
		total int
		wg    sync.WaitGroup
	)
	for w := 1; w <= *workers; w++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				total += n
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	fmt.Printf("%d workers, total %d\n", *workers, total)
}
