#include <stdio.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv) {
    const char *text = argc > 1 ? argv[1] : "stagesplit";
    uLong sum = adler32(0L, Z_NULL, 0);
    sum = adler32(sum, (const Bytef *)text, (uInt)strlen(text));
    printf("zlib %s adler32(%s) = %08lx\n", zlibVersion(), text, sum);
    return 0;
}
