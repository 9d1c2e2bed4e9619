console.log("web " + require("left-pad")("1", 3));
