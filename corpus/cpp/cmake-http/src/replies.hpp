#pragma once
#include <string>

// The body and status line for a request path.
struct Reply {
    int status;
    std::string body;
};

Reply reply_for(const std::string &path);
