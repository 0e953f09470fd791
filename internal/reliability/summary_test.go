// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"fmt"
	"os"
	"sort"
	"sync"
	"testing"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

// figures is what the suite tried, summed over every test.
var figures struct {
	sync.Mutex
	requests       int64
	faultsInjected int64
	faultsSurvived int64
	badInputs      int64
	orphans        int64
	lost           int64
}

func TestMain(m *testing.M) {
	code := m.Run()
	figures.Lock()
	fmt.Printf("\nreliability summary: requests served %d, faults injected %d, faults survived %d, "+
		"bad inputs tried %d, orphaned connections %d, lost state entries %d\n",
		figures.requests, figures.faultsInjected, figures.faultsSurvived,
		figures.badInputs, figures.orphans, figures.lost)
	if code == 0 && (figures.orphans > 0 || figures.lost > 0) {
		fmt.Println("reliability: orphaned connections or lost state entries; failing")
		code = 1
	}
	figures.Unlock()
	os.Exit(code)
}

// addBadInputs counts bad inputs a test tried.
func addBadInputs(n int) {
	figures.Lock()
	figures.badInputs += int64(n)
	figures.Unlock()
}

// addFaults counts faults a test caused outside the emulator's injection
// (an outage, say); they count as survived if the test passes.
func addFaults(t *testing.T, n int) {
	figures.Lock()
	figures.faultsInjected += int64(n)
	figures.Unlock()
	t.Cleanup(func() {
		if !t.Failed() {
			figures.Lock()
			figures.faultsSurvived += int64(n)
			figures.Unlock()
		}
	})
}

// track adds an emulator's figures to the summary when t ends. Faults count
// as survived when the test passed. Connections the emulator still holds
// then were left behind by a destroy: orphans.
func track(t *testing.T, em *emulator.Emulator) {
	t.Helper()
	t.Cleanup(func() {
		stats := em.Stats()
		var faults int64
		for _, n := range stats.FaultsInjected {
			faults += int64(n)
		}
		left := em.Connections()
		figures.Lock()
		defer figures.Unlock()
		figures.requests += int64(stats.TotalRequests)
		figures.faultsInjected += faults
		if !t.Failed() {
			figures.faultsSurvived += faults
		}
		figures.orphans += int64(len(left))
		if len(left) > 0 {
			names := make([]string, len(left))
			for i, c := range left {
				names[i] = c.Name
			}
			t.Errorf("connections left behind after destroy: %v", names)
		}
	})
}

// compareWithState checks that the emulator holds exactly the connections
// named in state: one the emulator has and state lacks is an orphan, one in
// state the emulator lacks is a lost entry.
func compareWithState(t *testing.T, em *emulator.Emulator, inState []string) error {
	t.Helper()
	remote := map[string]bool{}
	for _, c := range em.Connections() {
		remote[c.Name] = true
	}
	local := map[string]bool{}
	for _, name := range inState {
		local[name] = true
	}
	var orphans, lost []string
	for name := range remote {
		if !local[name] {
			orphans = append(orphans, name)
		}
	}
	for name := range local {
		if !remote[name] {
			lost = append(lost, name)
		}
	}
	sort.Strings(orphans)
	sort.Strings(lost)
	figures.Lock()
	figures.orphans += int64(len(orphans))
	figures.lost += int64(len(lost))
	figures.Unlock()
	if len(orphans) > 0 || len(lost) > 0 {
		return fmt.Errorf("emulator and state disagree: orphaned %v, lost %v", orphans, lost)
	}
	return nil
}
