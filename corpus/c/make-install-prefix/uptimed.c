#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *tick(void *arg) {
    int *count = arg;
    for (int i = 0; i < 3; i++)
        (*count)++;
    return NULL;
}

int main(void) {
    int count = 0;
    pthread_t t;
    pthread_create(&t, NULL, tick, &count);
    pthread_join(t, NULL);
    printf("uptimed: %d ticks, pid %d\n", count, (int)getpid() > 0);
    return 0;
}
