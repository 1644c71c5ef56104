// Command cgoinfo calls a small C function through cgo and uses the
// cgo-backed parts of the standard library (os/user, net).
package main

/*
#include <stdlib.h>
#include <string.h>

static int checksum(const char *s) {
	int sum = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		sum = (sum * 31 + (unsigned char)s[i]) % 65521;
	}
	return sum;
}

static const char *libc_family(void) {
#ifdef __GLIBC__
	return "glibc";
#else
	return "other";
#endif
}
*/
import "C"

import (
	"fmt"
	"net"
	"os"
	"os/user"
	"unsafe"
)

func checksum(s string) int {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	return int(C.checksum(cs))
}

func main() {
	status := 0

	fmt.Printf("c checksum(%q) = %d\n", "stagesplit", checksum("stagesplit"))
	fmt.Printf("built against: %s\n", C.GoString(C.libc_family()))

	u, err := user.Current()
	if err != nil {
		fmt.Printf("user: error: %v\n", err)
		status = 1
	} else {
		fmt.Printf("user: name=%s uid=%s home=%s\n", u.Username, u.Uid, u.HomeDir)
	}

	addrs, err := net.LookupHost("localhost")
	if err != nil {
		fmt.Printf("lookup localhost: error: %v\n", err)
		status = 1
	} else {
		loopback := false
		for _, a := range addrs {
			if ip := net.ParseIP(a); ip != nil && ip.IsLoopback() {
				loopback = true
			}
		}
		fmt.Printf("lookup localhost: loopback=%v\n", loopback)
	}

	os.Exit(status)
}
