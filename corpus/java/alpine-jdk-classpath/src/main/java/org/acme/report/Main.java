package org.acme.report;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("report " + String.join(" ", args));
    }
}
