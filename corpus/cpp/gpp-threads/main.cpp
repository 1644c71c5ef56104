#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

int main(int argc, char **argv) {
    int workers = argc > 1 ? std::stoi(argv[1]) : 4;
    std::atomic<long> total{0};
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; w++)
        pool.emplace_back([&total, w] { for (int i = 0; i <= 1000; i++) total += i * (w + 1); });
    for (auto &t : pool)
        t.join();
    std::cout << workers << " workers, total " << total << "\n";
}
