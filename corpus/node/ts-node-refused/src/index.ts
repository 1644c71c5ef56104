console.log("tasks");
