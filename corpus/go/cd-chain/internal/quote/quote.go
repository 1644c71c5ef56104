// Package quote holds a fixed list of quotes.
package quote

var all = []string{
	"Simplicity is prerequisite for reliability.",
	"Make it work, make it right, make it fast.",
	"Clear is better than clever.",
}

// All returns a copy of every quote.
func All() []string {
	out := make([]string, len(all))
	copy(out, all)
	return out
}

// Get returns quote n (0-based), wrapping around.
func Get(n int) string {
	if n < 0 {
		n = -n
	}
	return all[n%len(all)]
}
