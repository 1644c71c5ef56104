#include <boost/program_options.hpp>
#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

namespace po = boost::program_options;

static std::string sha256(const std::string &text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
    std::string hex;
    char buf[3];
    for (unsigned int i = 0; i < len; i++) {
        std::snprintf(buf, sizeof buf, "%02x", digest[i]);
        hex += buf;
    }
    return hex;
}

int main(int argc, char **argv) {
    po::options_description opts("hashd options");
    opts.add_options()("help", "show help")("text", po::value<std::string>()->default_value("hello"), "text to hash");
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    std::ifstream conf("/usr/local/etc/hashd/hashd.conf");
    std::string salt;
    std::getline(conf, salt);
    std::cout << sha256(salt + vm["text"].as<std::string>()) << "\n";
    return 0;
}
