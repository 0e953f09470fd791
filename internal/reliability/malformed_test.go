// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

// The malformed-answer tests break one answer of one operation the way a
// proxy or a damaged response would (emulator.InjectMalformed) and check what
// the provider makes of it. The provider does not retry (max_retries 0), so
// the broken answer is the one it gets.
//
// Where an error is expected, ExpectError matches the provider's own
// diagnostic: it names the connection and what went wrong. A Go panic could
// not pass for it: the provider runs inside the test binary, so a panic ends
// the run, and a crashed plugin's CLI error carries none of those words.

// malformedOptions are quick status transitions: long enough that the
// provider waits through CREATE_IN_PROGRESS and DELETE_IN_PROGRESS.
var malformedOptions = emulator.Options{
	CreateDelay: acctest.CreateDelay,
	DeleteDelay: acctest.DeleteDelay,
}

// malformedSymptom is how each kind shows in the error the SDK or the
// provider reports.
var malformedSymptom = map[string]string{
	emulator.MalformedHTML:          `StatusCode: 502`,
	emulator.MalformedEmptyBody:     `answered without the connection's name or status`,
	emulator.MalformedTruncatedJSON: `failed to decode response body, unexpected EOF`,
}

func statusIs(status string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"),
		knownvalue.StringExact(status))
}

// injectOnce returns a PreConfig that breaks the next answer of operation.
func injectOnce(srv *server, operation, kind string) func() {
	return func() { srv.em.InjectMalformed(operation, kind, 1) }
}

// checkFaultServed fails t unless the emulator served the injected fault once.
func checkFaultServed(t *testing.T, srv *server, kind string) {
	t.Helper()
	if n := srv.em.Stats().FaultsInjected[kind]; n != 1 {
		t.Errorf("the emulator served %d %s answers, want 1", n, kind)
	}
}

// waitSettled waits until no connection is being created or deleted, so
// that the next step sees where the emulator's own transitions ended.
func waitSettled(t *testing.T, srv *server) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		busy := ""
		for _, c := range srv.em.Connections() {
			switch c.Status {
			case emulator.StatusCreateInProgress, emulator.StatusDeleteInProgress:
				busy = c.Name + " is " + c.Status
			}
		}
		if busy == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the emulator did not settle: %s", busy)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestAccMalformed_create(t *testing.T) {
	for _, kind := range emulator.MalformedKinds {
		t.Run(kind, func(t *testing.T) {
			srv := startEmulator(t, malformedOptions)
			name := acctest.RandomName("malformed-create")
			config := srv.ProviderConfig(0) + selfManaged(name, "")

			first := resource.TestStep{
				PreConfig: injectOnce(srv, emulator.OpCreatePrivateConnection, kind),
				Config:    config,
			}
			second := resource.TestStep{Config: config, Check: agreesWithState(t, srv)}
			switch kind {
			case emulator.MalformedTruncatedJSON, emulator.MalformedUnknownStatus:
				// The service created the connection and the answer went wrong
				// on the way back: the provider must find it and record it.
				first.Check = agreesWithState(t, srv)
				first.ConfigStateChecks = []statecheck.StateCheck{statusIs(emulator.StatusActive)}
				second.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}
			default:
				// A proxy failed before the service acted: nothing exists.
				first.ExpectError = acctest.ErrorPattern(`Error: Creating private connection failed`,
					`Creating private connection "`+name+`" failed. Nothing was created.`,
					malformedSymptom[kind])
				// The next apply creates it, which a connection left behind
				// under that name would refuse with ConflictException.
				second.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}
			}
			second.ConfigStateChecks = []statecheck.StateCheck{statusIs(emulator.StatusActive)}

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             emulatorEmpty(srv),
				Steps:                    []resource.TestStep{first, second},
			})
			checkFaultServed(t, srv, kind)
		})
	}
}

func TestAccMalformed_describe(t *testing.T) {
	for _, kind := range emulator.MalformedKinds {
		t.Run(kind, func(t *testing.T) {
			srv := startEmulator(t, malformedOptions)
			name := acctest.RandomName("malformed-describe")
			config := srv.ProviderConfig(0) + selfManaged(name, "")

			refresh := resource.TestStep{
				PreConfig:    injectOnce(srv, emulator.OpDescribePrivateConnection, kind),
				RefreshState: true,
			}
			if kind == emulator.MalformedUnknownStatus {
				// A status the provider does not know is still an answer: a
				// newer service may add statuses. The refresh records it.
				refresh.Check = resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "status", "PENDING_SOMETHING"),
					agreesWithState(t, srv),
				)
			} else {
				refresh.ExpectError = acctest.ErrorPattern(`Error: Reading private connection failed`,
					`Reading private connection "`+name+`" failed.`, malformedSymptom[kind])
			}

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             emulatorEmpty(srv),
				Steps: []resource.TestStep{
					{Config: config, Check: agreesWithState(t, srv)},
					refresh,
					{
						// The failed refresh left state as it was: a clean run
						// plans nothing and finds the connection ACTIVE.
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{statusIs(emulator.StatusActive)},
						Check:             agreesWithState(t, srv),
					},
				},
			})
			checkFaultServed(t, srv, kind)
		})
	}
}

func TestAccMalformed_delete(t *testing.T) {
	for _, kind := range emulator.MalformedKinds {
		t.Run(kind, func(t *testing.T) {
			srv := startEmulator(t, malformedOptions)
			name := acctest.RandomName("malformed-delete")
			// A regression that made the provider wait on a delete the service
			// never received would wait out this timeout, not the default 30m.
			config := srv.ProviderConfig(0) + selfManaged(name, `timeouts = { delete = "1m" }`)

			destroy := resource.TestStep{
				PreConfig: injectOnce(srv, emulator.OpDeletePrivateConnection, kind),
				Config:    config,
				Destroy:   true,
			}
			switch kind {
			case emulator.MalformedUnknownStatus, emulator.MalformedTruncatedJSON:
				// The service received the delete and started it; the provider
				// sees that (from the answer, or by looking when the answer is
				// unreadable) and waits until the connection is gone.
			default:
				// The delete never reached the service: the provider looks,
				// finds the connection still ACTIVE, and says so at once.
				destroy.ExpectError = acctest.ErrorPattern(`Error: Deleting private connection failed`,
					`Deleting private connection "`+name+`" failed. It stays in state.`,
					malformedSymptom[kind])
			}

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             emulatorEmpty(srv),
				Steps: []resource.TestStep{
					{Config: config, Check: agreesWithState(t, srv)},
					destroy,
					{
						// Once the service has finished whatever it started, a
						// refresh brings state and service into agreement: a
						// connection still there stays in state, one that is
						// gone leaves it. The test's own destroy then removes
						// what is left, and CheckDestroy asks the emulator.
						PreConfig:          func() { waitSettled(t, srv) },
						RefreshState:       true,
						ExpectNonEmptyPlan: true,
						Check:              agreesWithState(t, srv),
					},
				},
			})
			checkFaultServed(t, srv, kind)
		})
	}
}

// wrongCredentialsConfig is a provider block for the emulator with a secret
// key that does not match its access key.
func wrongCredentialsConfig(srv *server) string {
	return fmt.Sprintf(`
provider "devopsagent" {
  region      = %[2]q
  access_key  = %[3]q
  secret_key  = "not-the-emulator-secret"
  max_retries = 0
  endpoints = {
    devopsagent = %[1]q
    sts         = %[1]q
  }
}
`, srv.URL(), emulator.DefaultRegion, emulator.DefaultAccessKey)
}

func TestAccMalformed_wrongCredentials(t *testing.T) {
	srv := startEmulator(t, malformedOptions)
	name := acctest.RandomName("wrong-credentials")
	addBadInputs(1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             emulatorEmpty(srv),
		Steps: []resource.TestStep{{
			Config: wrongCredentialsConfig(srv) + selfManaged(name, ""),
			ExpectError: acctest.ErrorPattern(`Error: Creating private connection failed`,
				`Looking up the AWS account for private connection "`+name+`" failed.`,
				`Nothing was created.`, `The service refused the credentials`,
				`SignatureDoesNotMatch`),
		}},
	})
	if left := srv.em.Connections(); len(left) > 0 {
		t.Errorf("the emulator holds %d connections, the first %q", len(left), left[0].Name)
	}
	if n := srv.em.Stats().RejectedSignatures; n == 0 {
		t.Errorf("the emulator rejected no signatures")
	}
}
