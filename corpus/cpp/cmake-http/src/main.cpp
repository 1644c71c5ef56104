// greeter: a small HTTP server that answers GET /<language> with a greeting, one thread per connection.
#include "replies.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

static void serve(int client) {
    char buf[4096];
    ssize_t n = read(client, buf, sizeof(buf) - 1);
    if (n <= 0) {
        close(client);
        return;
    }
    buf[n] = '\0';
    std::istringstream request(buf);
    std::string method, path;
    request >> method >> path;
    Reply r = method == "GET" ? reply_for(path) : Reply{405, "{\"error\": \"method not allowed\"}\n"};
    std::ostringstream out;
    out << "HTTP/1.1 " << r.status << (r.status == 200 ? " OK" : " Error") << "\r\n"
        << "Content-Type: application/json\r\nContent-Length: " << r.body.size()
        << "\r\nConnection: close\r\n\r\n" << r.body;
    std::string text = out.str();
    ssize_t sent = write(client, text.data(), text.size());
    (void)sent;
    close(client);
}

int main() {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(8080);
    if (bind(server, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0 || listen(server, 16) != 0) {
        std::perror("listen");
        return 1;
    }
    std::cout << "greeter listening on :8080" << std::endl;
    for (;;) {
        int client = accept(server, nullptr, nullptr);
        if (client >= 0)
            std::thread(serve, client).detach();
    }
}
