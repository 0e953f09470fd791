// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

// FieldError is one failed constraint of a request: the JSON Pointer of the member
// that failed and why, as in a ValidationException's fieldList.
type FieldError struct {
	Path    string
	Message string
}

// CheckCreateRequest validates a CreatePrivateConnection body the way the handler
// does, without serving it, and returns what the ValidationException's fieldList
// would hold; nil when the body is valid. Fuzz tests compare it with the
// provider's plan-time rules.
//
// A body that is not a single JSON object is answered by the handler with a
// ValidationException that has no fieldList; here it gives one entry whose path is
// "" (the JSON Pointer of the whole document), so that nil still means valid.
// Whether the name is already taken, and the 1 MiB body limit, are not input
// constraints and are not checked.
func CheckCreateRequest(body []byte) []FieldError {
	obj, err := decodeObject(body)
	if err != nil {
		return []FieldError{{Path: "", Message: err.Error()}}
	}
	_, c := checkCreate(obj)
	if !c.failed() {
		return nil
	}
	out := make([]FieldError, len(c.fields))
	for i, f := range c.fields {
		out[i] = FieldError(f)
	}
	return out
}
