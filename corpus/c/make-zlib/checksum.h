#pragma once
unsigned long checksum_file(const char *path, int *ok);
