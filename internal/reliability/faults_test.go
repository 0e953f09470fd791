// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

const (
	rcfg = "rcfg-0a1b2c3d4e5f60718"
	addr = "devopsagent_private_connection.test"
)

// namesInState lists the private connections in state.
func namesInState(s *terraform.State) []string {
	var names []string
	for _, rs := range s.RootModule().Resources {
		if rs.Type == acctest.ResourceType {
			names = append(names, rs.Primary.ID)
		}
	}
	return names
}

// agreesWithState checks that the emulator holds exactly what state holds.
func agreesWithState(t *testing.T, srv *server) resource.TestCheckFunc {
	return func(s *terraform.State) error { return compareWithState(t, srv.em, namesInState(s)) }
}

// emulatorEmpty is a CheckDestroy that asks the emulator itself, which
// answers even while fault rates are set.
func emulatorEmpty(srv *server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if left := srv.em.Connections(); len(left) > 0 {
			return fmt.Errorf("%d connections left after destroy, the first %q", len(left), left[0].Name)
		}
		return nil
	}
}

func selfManaged(name, extra string) string {
	return fmt.Sprintf(`
resource "devopsagent_private_connection" "test" {
  name = %q
  mode = {
    self_managed = {
      resource_configuration_id = %q
    }
  }
%s
}
`, name, rcfg, extra)
}

func TestAccReliability_loadWithFaults(t *testing.T) {
	const count = 50
	srv := startEmulator(t, emulator.Options{CreateDelay: time.Second, DeleteDelay: time.Second, Seed: 7})
	config := srv.ProviderConfig(10) + fmt.Sprintf(`
resource "devopsagent_private_connection" "load" {
  count = %d
  name  = format("load-%%02d", count.index)
  mode = {
    self_managed = {
      resource_configuration_id = %q
    }
  }
  tags = {
    index = tostring(count.index)
  }
}
`, count, rcfg)
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             emulatorEmpty(srv),
		Steps: []resource.TestStep{{
			// 30% of requests throttled and 5% answered with a server error,
			// from the first plan to the last destroy.
			PreConfig: func() { srv.em.SetFaultRates(0.30, 0.05) },
			Config:    config,
			Check: resource.ComposeTestCheckFunc(
				agreesWithState(t, srv),
				func(s *terraform.State) error {
					if n := len(namesInState(s)); n != count {
						return fmt.Errorf("state holds %d connections, want %d", n, count)
					}
					for _, c := range srv.em.Connections() {
						if c.Status != emulator.StatusActive {
							return fmt.Errorf("%s is %s, not ACTIVE", c.Name, c.Status)
						}
					}
					return nil
				},
			),
		}},
	})
	stats := srv.em.Stats()
	t.Logf("%d connections under faults: %d requests, faults %v, %s",
		count, stats.TotalRequests, stats.FaultsInjected, time.Since(start).Round(time.Second))
}

func TestAccReliability_createTimeoutThenConverge(t *testing.T) {
	srv := startEmulator(t, emulator.Options{CreateDelay: 6 * time.Second, DeleteDelay: time.Second})
	name := acctest.RandomName("timeout")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             emulatorEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config: srv.ProviderConfig(2) + selfManaged(name, `timeouts = { create = "2s" }`),
				ExpectError: acctest.ErrorPattern(`Timed out after 2s waiting for private connection "`+name+
					`" to become ACTIVE; its last status was CREATE_IN_PROGRESS.`, `tainted`),
			},
			{
				// The connection is in state, tainted; with a longer timeout the
				// next apply deletes it (once its create has finished) and
				// creates it again.
				Config: srv.ProviderConfig(2) + selfManaged(name, `timeouts = { create = "1m" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
				},
				Check: agreesWithState(t, srv),
			},
		},
	})
}

func TestAccReliability_emulatorOutageDuringWait(t *testing.T) {
	srv := startEmulator(t, emulator.Options{CreateDelay: 5 * time.Second, DeleteDelay: time.Second})
	name := acctest.RandomName("outage")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var back <-chan struct{}
	addFaults(t, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             emulatorEmpty(srv),
		Steps: []resource.TestStep{{
			// A second into the wait for ACTIVE, the service goes away for
			// three seconds: requests are refused, then it comes back.
			PreConfig: func() {
				back = srv.outage(ctx, 1500*time.Millisecond, 3*time.Second)
			},
			Config: srv.ProviderConfig(1) + selfManaged(name, `timeouts = { create = "1m" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
			},
			Check: resource.ComposeTestCheckFunc(
				func(*terraform.State) error {
					select {
					case <-back:
						return nil
					default:
						return fmt.Errorf("the apply finished before the outage was over")
					}
				},
				agreesWithState(t, srv),
			),
		}},
	})
}

func TestAccReliability_deleteFailedThenRetry(t *testing.T) {
	srv := startEmulator(t, emulator.Options{CreateDelay: 500 * time.Millisecond, DeleteDelay: time.Second})
	name := acctest.RandomName("delete-failed")
	config := srv.ProviderConfig(2) + selfManaged(name, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             emulatorEmpty(srv),
		Steps: []resource.TestStep{
			{Config: config, Check: agreesWithState(t, srv)},
			{
				PreConfig: func() { srv.em.FailNextDelete(name) },
				Config:    config,
				Destroy:   true,
				ExpectError: acctest.ErrorPattern(`Private connection "` + name +
					`" failed to be deleted; its last status was DELETE_FAILED.`),
			},
			{
				// The failed delete left the connection in state and in the
				// service, in agreement.
				Config: config,
				Check:  agreesWithState(t, srv),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"),
						knownvalue.StringExact(emulator.StatusDeleteFailed)),
				},
			},
			// The test's own destroy then succeeds: CheckDestroy asks.
		},
	})
}

func TestAccReliability_driftOnOutputs(t *testing.T) {
	srv := startEmulator(t, emulator.Options{CreateDelay: 500 * time.Millisecond, DeleteDelay: time.Second})
	name := acctest.RandomName("drift")
	config := srv.ProviderConfig(2) + selfManaged(name, `tags = { team = "platform" }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             emulatorEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				// Someone changes the tags and the status behind Terraform's back.
				Check: func(*terraform.State) error {
					if err := srv.em.SetTags(name, map[string]string{"team": "other", "owner": "x"}); err != nil {
						return err
					}
					return srv.em.SetStatus(name, emulator.StatusDeleteFailed)
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"),
						knownvalue.StringExact(emulator.StatusDeleteFailed)),
				}},
			},
			{
				// The refresh shows both; the apply puts the tags back.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"),
						knownvalue.StringExact(emulator.StatusDeleteFailed)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags"),
						knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("platform")})),
				},
				Check: resource.ComposeTestCheckFunc(
					agreesWithState(t, srv),
					func(*terraform.State) error {
						conn, ok := srv.em.Connection(name)
						if !ok || len(conn.Tags) != 1 || conn.Tags["team"] != "platform" {
							return fmt.Errorf("remote tags were not restored: %v", conn.Tags)
						}
						return nil
					},
				),
			},
		},
	})
}

// slowFirstCreateAnswer lets the service act on the first create at once
// but holds its answer back for delay, as a congested network path would.
func slowFirstCreateAnswer(delay time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		var creates atomic.Int32
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != "/v1/private-connections" ||
				creates.Add(1) > 1 {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
	}
}

func TestAccReliability_createAnswerLostToTimeout(t *testing.T) {
	srv := startEmulatorBehind(t, emulator.Options{CreateDelay: time.Second, DeleteDelay: time.Second},
		slowFirstCreateAnswer(time.Minute))
	name := acctest.RandomName("lost-answer")
	addFaults(t, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             emulatorEmpty(srv),
		Steps: []resource.TestStep{
			{
				// The create timeout ends the call before its answer arrives,
				// though the service already created the connection. The
				// provider looks it up and records it, tainted.
				Config:      srv.ProviderConfig(0) + selfManaged(name, `timeouts = { create = "2s" }`),
				ExpectError: acctest.ErrorPattern(`Creating private connection failed`, `Timed out after 2s`),
			},
			{
				Config: srv.ProviderConfig(0) + selfManaged(name, `timeouts = { create = "1m" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: agreesWithState(t, srv),
			},
		},
	})
}
