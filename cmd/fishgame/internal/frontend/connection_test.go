package frontend

import (
	"context"
	"errors"
	"net"
	"slices"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// connectionHarness opens the connection screen from the title, heading
// for the lobby.
func connectionHarness(t *testing.T) (*harness, *connectionScene, *fakeAccounts) {
	svc, accounts, _, _, _ := services()
	h := newHarness(t, svc)
	h.click(button(t, h.title.form, entryOnline))
	return h, current[*connectionScene](h), accounts
}

func TestConnectionLoginTypingTabsAndEnter(t *testing.T) {
	h, c, accounts := connectionHarness(t)
	h.typeText("ann@example.com")
	h.press(ui.KeyTab)
	h.typeText("correct horse")
	if !c.password.Masked {
		t.Errorf("the password field is not masked")
	}
	h.press(ui.KeyBackTab, ui.KeyEnd)
	h.typeText(".uk")
	h.press(ui.KeyTab, ui.KeyTab, ui.KeyEnter) // to Remember me: off
	h.press(ui.KeyBackTab, ui.KeyEnter)        // back to the password; Enter submits
	if want := []string{"login ann@example.com.uk correct horse"}; !slices.Equal(accounts.calls, want) {
		t.Errorf("calls %q, want %q", accounts.calls, want)
	}
	if accounts.remember {
		t.Errorf("Remember me was turned off, the login was asked to remember")
	}
	current[*lobbyScene](h)
	if c.password.Text() != "" {
		t.Errorf("the password stays in the field after the login")
	}
}

func TestConnectionCreateAccount(t *testing.T) {
	h, c, accounts := connectionHarness(t)
	h.press(ui.KeyBackTab) // from the e-mail field up to the tabs
	if c.form.Focused() != c.tabs {
		t.Fatalf("focus on %T, want the tabs", c.form.Focused())
	}
	h.press(ui.KeyRight, ui.KeyTab)
	h.typeText("bo@example.com")
	h.press(ui.KeyTab)
	h.typeText("hunter2hunter2")
	h.press(ui.KeyTab)
	h.typeText("bo")
	h.press(ui.KeyEnter)
	if want := []string{"create bo@example.com hunter2hunter2 bo"}; !slices.Equal(accounts.calls, want) {
		t.Errorf("calls %q, want %q", accounts.calls, want)
	}
	if !accounts.remember {
		t.Errorf("Remember me is on by default, the account was not remembered")
	}
	current[*lobbyScene](h)
}

func TestConnectionErrorsStayWithAWayBack(t *testing.T) {
	unreachable := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, tt := range []struct {
		tab  int
		err  error
		want string
	}{
		{tabLogin, plainError{"Wrong e-mail or password"}, "Wrong e-mail or password"},
		{tabCreate, plainError{"E-mail already in use"}, "E-mail already in use"},
		{tabCreate, plainError{"Username already taken"}, "Username already taken"},
		{tabLogin, plainError{"Server unreachable at 127.0.0.1:7350"}, "Server unreachable at 127.0.0.1:7350"},
		{tabGuest, plainError{"Server refused the server key"}, "Server refused the server key"},
		{tabLogin, unreachable, "Server unreachable: is it running, and is the address right?"},
		{tabLogin, context.DeadlineExceeded, "The server did not answer in time."},
		{tabGuest, errors.New("boom"), "Something went wrong; the log has the details."},
	} {
		h, c, accounts := connectionHarness(t)
		accounts.err = tt.err
		c.tabs.Select(tt.tab)
		c.layout()
		h.click(c.submit)
		if c.failure != tt.want {
			t.Errorf("tab %d, error %v: the screen says %q, want %q", tt.tab, tt.err, c.failure, tt.want)
		}
		current[*connectionScene](h)
		h.click(c.cancel)
		current[*titleScene](h)
	}
}

func TestConnectionEscCancelsALogin(t *testing.T) {
	h, c, _ := connectionHarness(t)
	c.mn.async = func(f func()) {} // never answers
	h.press(ui.KeyEnter)
	if c.busy == nil {
		t.Fatal("Enter did not start the login")
	}
	h.press(ui.KeyBack)
	if c.busy != nil {
		t.Fatal("Esc did not cancel the login")
	}
	current[*connectionScene](h)
	h.press(ui.KeyBack)
	current[*titleScene](h)
}
