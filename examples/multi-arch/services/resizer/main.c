#include <stdio.h>

int main(void) {
    puts("resizer");
    return 0;
}
