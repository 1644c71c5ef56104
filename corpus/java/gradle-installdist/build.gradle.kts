plugins {
    application
}

version = "0.9.2"

repositories {
    mavenCentral()
}

application {
    mainClass.set("dev.tools.Greeter")
}
