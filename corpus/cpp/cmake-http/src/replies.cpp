#include "replies.hpp"

#include <map>
#include <sstream>

Reply reply_for(const std::string &path) {
    static const std::map<std::string, std::string> greetings = {
        {"/en", "hello"}, {"/fr", "bonjour"}, {"/de", "hallo"}, {"/es", "hola"}};
    if (path == "/") {
        std::ostringstream out;
        out << "{\"languages\": [";
        bool first = true;
        for (const auto &entry : greetings) {
            out << (first ? "" : ", ") << "\"" << entry.first.substr(1) << "\"";
            first = false;
        }
        out << "]}\n";
        return {200, out.str()};
    }
    auto hit = greetings.find(path);
    if (hit == greetings.end())
        return {404, "{\"error\": \"unknown language\"}\n"};
    return {200, "{\"greeting\": \"" + hit->second + "\"}\n"};
}
