module.exports = ["/", "/health"];
