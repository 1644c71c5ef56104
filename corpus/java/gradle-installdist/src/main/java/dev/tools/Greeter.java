package dev.tools;

public final class Greeter {
    private Greeter() {
    }

    public static void main(String[] args) {
        System.out.println("hello, " + (args.length > 0 ? args[0] : "world"));
    }
}
