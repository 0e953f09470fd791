// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"
)

// Connection is the full stored record of a private connection, including the inputs
// the API never returns (subnets, security groups, port ranges, the certificate).
type Connection struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Status string `json:"status"`

	HostAddress         string   `json:"hostAddress,omitempty"`
	VpcID               string   `json:"vpcId,omitempty"`
	SubnetIDs           []string `json:"subnetIds,omitempty"`
	SecurityGroupIDs    []string `json:"securityGroupIds,omitempty"`
	IPAddressType       string   `json:"ipAddressType,omitempty"`
	IPv4AddressesPerENI int32    `json:"ipv4AddressesPerEni,omitempty"`
	PortRanges          []string `json:"portRanges,omitempty"`
	ResourceGatewayID   string   `json:"resourceGatewayId,omitempty"`

	// ResourceConfigurationID is the ARN the API answers; RequestedResourceConfigurationID
	// is the value as sent, which may be the short rcfg- id.
	ResourceConfigurationID          string `json:"resourceConfigurationId,omitempty"`
	RequestedResourceConfigurationID string `json:"requestedResourceConfigurationId,omitempty"`

	Certificate           string     `json:"certificate,omitempty"`
	CertificateExpiryTime *time.Time `json:"certificateExpiryTime,omitempty"`

	Tags map[string]string `json:"tags"`

	CreatedAt       time.Time `json:"createdAt"`
	StatusChangedAt time.Time `json:"statusChangedAt"`
}

func (c Connection) clone() Connection {
	c.SubnetIDs = slices.Clone(c.SubnetIDs)
	c.SecurityGroupIDs = slices.Clone(c.SecurityGroupIDs)
	c.PortRanges = slices.Clone(c.PortRanges)
	c.Tags = maps.Clone(c.Tags)
	if c.Tags == nil {
		c.Tags = map[string]string{}
	}
	if c.CertificateExpiryTime != nil {
		t := *c.CertificateExpiryTime
		c.CertificateExpiryTime = &t
	}
	return c
}

// record is a stored connection plus the pending outcome of its current transition.
type record struct {
	conn       Connection
	failCreate bool // CREATE_IN_PROGRESS ends in CREATE_FAILED
	failDelete bool // DELETE_IN_PROGRESS ends in DELETE_FAILED
}

func (rec *record) setStatus(status string, at time.Time) {
	rec.conn.Status = status
	rec.conn.StatusChangedAt = at
}

// settle moves every connection whose transition has run its course to the next
// status, and drops the ones whose deletion finished. Statuses are computed from
// timestamps on each call, so no goroutine has to tick. Callers hold e.mu.
func (e *Emulator) settle(now time.Time) {
	for name, rec := range e.conns {
		c := &rec.conn
		switch c.Status {
		case StatusCreateInProgress:
			done := c.StatusChangedAt.Add(e.opts.CreateDelay)
			if now.Before(done) {
				continue
			}
			if rec.failCreate {
				rec.setStatus(StatusCreateFailed, done)
			} else {
				rec.setStatus(StatusActive, done)
			}
			rec.failCreate = false
		case StatusDeleteInProgress:
			done := c.StatusChangedAt.Add(e.opts.DeleteDelay)
			if now.Before(done) {
				continue
			}
			if !rec.failDelete {
				delete(e.conns, name)
				continue
			}
			rec.setStatus(StatusDeleteFailed, done)
			rec.failDelete = false
		}
	}
}

// Stats counts what the emulator has seen since it was created or last reset.
type Stats struct {
	// Requests counts non-admin requests by operation; unmatched ones count under
	// "UnknownOperation".
	Requests map[string]int `json:"requests"`
	// TotalRequests counts every non-admin request, rejected or not.
	TotalRequests int `json:"totalRequests"`
	// RejectedSignatures counts requests answered 403 by the SigV4 checks.
	RejectedSignatures int `json:"rejectedSignatures"`
	// FaultsInjected counts faults served, by error name or malformed kind.
	FaultsInjected map[string]int `json:"faultsInjected"`
	// ValidationErrors counts ValidationExceptions raised by input checks.
	ValidationErrors int `json:"validationErrors"`
	// Connections is the number of connections stored now.
	Connections int `json:"connections"`
}

// Stats returns a snapshot of the counters.
func (e *Emulator) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()

	e.settle(e.now())
	s := e.stats
	s.Requests = maps.Clone(s.Requests)
	s.FaultsInjected = maps.Clone(s.FaultsInjected)
	s.Connections = len(e.conns)
	return s
}

// FailNextCreate makes the next create of name end in CREATE_FAILED, once.
func (e *Emulator) FailNextCreate(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failNext[StatusCreateFailed][name] = true
}

// FailNextDelete makes the next delete of name end in DELETE_FAILED, once.
func (e *Emulator) FailNextDelete(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failNext[StatusDeleteFailed][name] = true
}

// takeFailNext reports and clears a pending forced failure. Callers hold e.mu.
func (e *Emulator) takeFailNext(status, name string) bool {
	pending := e.failNext[status][name]
	delete(e.failNext[status], name)
	return pending
}

// RemoveConnection drops a connection without any API call, as if it had been deleted
// elsewhere. It reports whether the connection existed.
func (e *Emulator) RemoveConnection(name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()

	e.settle(e.now())
	_, ok := e.conns[name]
	delete(e.conns, name)
	return ok
}

// SetStatus changes a connection's status out of band. Setting CREATE_IN_PROGRESS or
// DELETE_IN_PROGRESS restarts that transition from now, and it completes after the
// configured delay as it would for an API call.
func (e *Emulator) SetStatus(name, status string) error {
	if !slices.Contains(Statuses, status) {
		return fmt.Errorf("unknown status %q; want one of %v", status, Statuses)
	}
	e.mu.Lock()
	defer e.mu.Unlock()

	now := e.now()
	e.settle(now)
	rec, ok := e.conns[name]
	if !ok {
		return fmt.Errorf("%w: %s", errNotFound, name)
	}
	rec.setStatus(status, now)
	rec.failCreate, rec.failDelete = false, false
	return nil
}

// SetTags replaces a connection's tags out of band.
func (e *Emulator) SetTags(name string, tags map[string]string) error {
	e.mu.Lock()
	defer e.mu.Unlock()

	e.settle(e.now())
	rec, ok := e.conns[name]
	if !ok {
		return fmt.Errorf("%w: %s", errNotFound, name)
	}
	rec.conn.Tags = maps.Clone(tags)
	if rec.conn.Tags == nil {
		rec.conn.Tags = map[string]string{}
	}
	return nil
}

// Connection returns the stored record of name, with its current status.
func (e *Emulator) Connection(name string) (Connection, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()

	e.settle(e.now())
	rec, ok := e.conns[name]
	if !ok {
		return Connection{}, false
	}
	return rec.conn.clone(), true
}

// Connections returns every stored record, sorted by name.
func (e *Emulator) Connections() []Connection {
	e.mu.Lock()
	defer e.mu.Unlock()

	e.settle(e.now())
	return e.sortedConnections()
}

// sortedConnections copies the stored records in name order. Callers hold e.mu.
func (e *Emulator) sortedConnections() []Connection {
	out := make([]Connection, 0, len(e.conns))
	for _, rec := range e.conns {
		out = append(out, rec.conn.clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Reset drops all connections, pending faults and counters.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reset()
}
