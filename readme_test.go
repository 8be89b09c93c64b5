package eventual_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goBlock matches a fenced Go code block in Markdown.
var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

// Every Go snippet in README.md is copied from a testable example, so that
// go test keeps it true: each must appear, line for line, in the body of an
// Example function in one of the module's example_test.go files.
func TestReadmeSnippetsAreExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var examples strings.Builder
	files, _ := filepath.Glob("*/example_test.go")
	files = append(files, "example_test.go")
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// Example bodies are indented one tab more than the README shows.
		examples.WriteString(strings.ReplaceAll(string(src), "\n\t", "\n"))
	}
	blocks := goBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go snippets")
	}
	for _, b := range blocks {
		if !strings.Contains(examples.String(), "\n"+b[1]) {
			t.Errorf("README snippet is not copied from an example:\n%s", b[1])
		}
	}
}
