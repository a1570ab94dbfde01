package game

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSourceIsDeterministic scans the non-test sources of game and game/bot
// for anything that can make two machines disagree: floating point, maps,
// goroutines, clocks, global randomness, unsafe memory tricks.
func TestSourceIsDeterministic(t *testing.T) {
	forbiddenImports := map[string]bool{
		"math": true, "math/rand": true, "math/rand/v2": true, "time": true,
		"unsafe": true, "sync": true, "sync/atomic": true, "os": true, "reflect": true,
	}
	forbiddenIdents := map[string]bool{
		"float32": true, "float64": true, "complex64": true, "complex128": true,
	}
	var files []string
	for _, dir := range []string{".", "bot"} {
		matches, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			if !strings.HasSuffix(m, "_test.go") {
				files = append(files, m)
			}
		}
	}
	if len(files) < 10 {
		t.Fatalf("found only %d source files to check", len(files))
	}
	fset := token.NewFileSet()
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if forbiddenImports[p] {
				t.Errorf("%s imports %q", fset.Position(imp.Pos()), p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.FLOAT || n.Kind == token.IMAG {
					t.Errorf("%s: floating-point literal %s", fset.Position(n.Pos()), n.Value)
				}
			case *ast.Ident:
				if forbiddenIdents[n.Name] {
					t.Errorf("%s: uses %s", fset.Position(n.Pos()), n.Name)
				}
			case *ast.MapType:
				t.Errorf("%s: map type (iteration order is random)", fset.Position(n.Pos()))
			case *ast.GoStmt:
				t.Errorf("%s: go statement", fset.Position(n.Pos()))
			case *ast.SelectStmt:
				t.Errorf("%s: select statement", fset.Position(n.Pos()))
			case *ast.ChanType:
				t.Errorf("%s: channel type", fset.Position(n.Pos()))
			}
			return true
		})
	}
}
