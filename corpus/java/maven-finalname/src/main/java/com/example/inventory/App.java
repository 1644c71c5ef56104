package com.example.inventory;

import java.nio.file.Files;
import java.nio.file.Path;

public final class App {
    private App() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(System.getProperty("inventory.config", "config/inventory.properties"));
        System.out.println("inventory service, config " + config + ": " + Files.readString(config).strip());
    }
}
