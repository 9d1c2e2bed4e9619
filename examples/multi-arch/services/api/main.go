package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Printf("api built for %s/%s\n", runtime.GOOS, runtime.GOARCH)
}
