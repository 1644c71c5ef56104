package com.example.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A small HTTP server: a greeting, the Java version it runs on, and a resource from its jar. */
public final class Server {
    private Server() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> reply(exchange, 200, "hello from a jar\n"));
        server.createContext("/version", exchange ->
                reply(exchange, 200, "java " + Runtime.version().feature() + "\n"));
        server.createContext("/motd", exchange -> {
            try (InputStream in = Server.class.getResourceAsStream("/motd.txt")) {
                if (in == null) {
                    reply(exchange, 404, "no motd\n");
                } else {
                    reply(exchange, 200, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        });
        server.start();
        System.out.println("listening on " + port);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
