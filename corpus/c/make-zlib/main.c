#include <stdio.h>
#include "checksum.h"

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "data/sample.txt";
    int ok;
    unsigned long crc = checksum_file(path, &ok);
    if (!ok) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    printf("%08lx  %s\n", crc, path);
    return 0;
}
