#include <iostream>

int main() {
    std::cout << "renderer\n";
    return 0;
}
