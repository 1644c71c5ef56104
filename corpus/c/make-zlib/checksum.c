#include <stdio.h>
#include <zlib.h>
#include "checksum.h"

unsigned long checksum_file(const char *path, int *ok) {
    FILE *f = fopen(path, "rb");
    unsigned long crc = crc32(0L, Z_NULL, 0);
    unsigned char buf[8192];
    size_t n;
    *ok = f != NULL;
    if (!f)
        return 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crc = crc32(crc, buf, (uInt)n);
    fclose(f);
    return crc;
}
