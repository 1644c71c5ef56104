#include <stdio.h>
#include <time.h>

int main(int argc, char **argv) {
    const char *who = argc > 1 ? argv[1] : "world";
    printf("hello, %s (built %s)\n", who, __DATE__);
    return 0;
}
