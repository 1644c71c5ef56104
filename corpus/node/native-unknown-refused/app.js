require("canvas-lite");
