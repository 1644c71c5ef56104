// Package cmath computes an Adler-32 style checksum in C.
package cmath

/*
#include <stdint.h>
#include <stddef.h>

static uint32_t adler(const unsigned char *p, size_t n) {
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < n; i++) {
		a = (a + p[i]) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}
*/
import "C"

import "unsafe"

// Adler32 returns the Adler-32 checksum of data, computed by C code.
func Adler32(data []byte) uint32 {
	if len(data) == 0 {
		return 1
	}
	return uint32(C.adler((*C.uchar)(unsafe.Pointer(&data[0])), C.size_t(len(data))))
}
