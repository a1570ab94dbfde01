package nakama

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestComposeWiring checks that docker-compose.yml runs the image and
// module this directory documents and passes every variable the Lua module
// reads into Nakama's runtime env, and that example.env documents each one.
func TestComposeWiring(t *testing.T) {
	compose := readFile(t, "docker-compose.yml")
	module := readFile(t, modulePath)
	example := readFile(t, "example.env")

	if strings.Contains(compose, "\t") {
		t.Errorf("docker-compose.yml contains a tab; YAML indentation must be spaces")
	}
	for _, want := range []string{
		"image: heroiclabs/nakama:3.40.0",
		"- ./modules:/nakama/data/modules:ro",
		"/nakama/nakama migrate up --database.address",
		`- "7350:7350"`,
	} {
		if !strings.Contains(compose, want) {
			t.Errorf("docker-compose.yml lacks %q", want)
		}
	}
	// Nakama's defaults (server key, token expiry) stay untouched, and the
	// shell must not trace its commands (that would log the TURN secret).
	for _, banned := range []string{"--socket.server_key", "--session.token_expiry_sec", "-ecx", "--runtime.env"} {
		if strings.Contains(compose, banned) {
			t.Errorf("docker-compose.yml contains %q", banned)
		}
	}

	vars := regexp.MustCompile(`env\["(FISHGAME_[A-Z_]+)"\]`).FindAllStringSubmatch(module, -1)
	var names []string
	for _, m := range vars {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	if len(names) < 4 {
		t.Fatalf("found env variables %v in %s, want the four FISHGAME_ ones", names, modulePath)
	}
	for _, name := range names {
		if !strings.Contains(compose, name+": ${"+name) {
			t.Errorf("docker-compose.yml does not pass %s into the nakama container", name)
		}
		if !strings.Contains(compose, `q "`+name+`=$${`+name+`}"`) {
			t.Errorf("docker-compose.yml does not put %s into Nakama's runtime env", name)
		}
		if !regexp.MustCompile(`(?m)^` + name + `=`).MatchString(example) {
			t.Errorf("example.env does not document %s", name)
		}
		if !strings.Contains(module, "  "+name+" ") {
			t.Errorf("%s's header comment does not document %s", modulePath, name)
		}
	}
}
