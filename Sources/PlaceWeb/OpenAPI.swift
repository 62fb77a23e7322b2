/// The OpenAPI 3.1 document of the JSON API, served at `GET /api/openapi.json`. Keep it in step with
/// `ApiRoutes`: `OpenAPITests` fails when a route is missing here or a path here has no route.
enum OpenAPI {
    static let document = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "PlacePlanning web app API",
            "version": "1",
            "description": "The JSON API of `placeplan serve`: the base forecast, surplus against the 5% target,\#
         scenarios run and saved against it, run history, uploads and downloads. Years are academic years by their\#
         starting calendar year (2025 = 2025/26). On this machine only, no credential is needed; beyond it, every call\#
         needs `Authorization: Bearer NAME:SECRET` (from `placeplan users add`) or the session cookie of /signin.\#
         Planners may change things; viewers read and download. A call that changes anything without a bearer token\#
         must send X-CSRF-Token."
          },
          "servers": [{"url": "http://127.0.0.1:8080"}],
          "security": [{"bearer": []}, {}],
          "paths": {
            "/api/openapi.json": {
              "get": {
                "summary": "This document",
                "security": [],
                "responses": {
                  "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
                }
              }
            },
            "/api/session": {
              "get": {
                "summary": "Who the app takes the caller to be, and their CSRF token",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}
                  },
                  "401": {
                    "description": "Sign-in needed",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  }
                }
              }
            },
            "/api/summary": {
              "get": {
                "summary": "The base run's printed summary",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Summary"}}}
                  }
                }
              }
            },
            "/api/surplus": {
              "get": {
                "summary": "Surplus places by planning area, phase and year (the base run)",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref":\#
         "#/components/schemas/Surplus"}}}
                    }
                  }
                }
              }
            },
            "/api/schools": {
              "get": {
                "summary": "Schools, PANs and capacities: what the scenario editor's grid is made of",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Schools"}}}
                  },
                  "404": {
                    "description": "No schools in these inputs",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  }
                }
              }
            },
            "/api/runs": {
              "get": {
                "summary": "Run history, newest first: who, when, what changed",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "properties": {"runs": {"type": "array", "items": {"$ref": "#/components/schemas/Run"}}},
                          "required": ["runs"]
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/scenarios/run": {
              "post": {
                "summary": "Run a scenario file against the base (not saved)",
                "parameters": [
                  {
                    "name": "X-CSRF-Token",
                    "in": "header",
                    "required": false,
                    "schema": {"type": "string"},
                    "description": "The token of GET /api/session; needed without a bearer token."
                  }
                ],
                "requestBody": {
                  "required": true,
                  "description": "A scenario file: YAML as in models/scenarios/*.yaml, or the same keys as JSON (at\#
         most 64 kB).",
                  "content": {
                    "application/yaml": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}}
                  }
                },
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScenarioResult"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadFile"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "413": {"$ref": "#/components/responses/TooLarge"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/api/scenarios": {
              "get": {
                "summary": "Saved scenarios, newest first (without results)",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "properties": {
                            "scenarios": {"type": "array", "items": {"$ref": "#/components/schemas/SavedScenario"}}
                          },
                          "required": ["scenarios"]
                        }
                      }
                    }
                  }
                }
              },
              "post": {
                "summary": "Run a scenario file against the base and save it with its results",
                "parameters": [
                  {
                    "name": "X-CSRF-Token",
                    "in": "header",
                    "required": false,
                    "schema": {"type": "string"},
                    "description": "The token of GET /api/session; needed without a bearer token."
                  }
                ],
                "requestBody": {
                  "required": true,
                  "description": "A scenario file: YAML as in models/scenarios/*.yaml, or the same keys as JSON (at\#
         most 64 kB).",
                  "content": {
                    "application/yaml": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}}
                  }
                },
                "responses": {
                  "201": {
                    "description": "Saved",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SavedScenario"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadFile"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "413": {"$ref": "#/components/responses/TooLarge"},
                  "409": {
                    "description": "A scenario of that name is saved already",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  },
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/api/scenarios/suggest": {
              "get": {
                "summary": "The PAN advisor's proposals as a scenario file, to edit before running or saving\#
         (planners)",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "properties": {
                            "file": {"type": "string"},
                            "summary": {"type": "array", "items": {"type": "string"}}
                          },
                          "required": ["file", "summary"]
                        }
                      }
                    }
                  },
                  "403": {
                    "description": "A viewer",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  }
                }
              }
            },
            "/api/scenarios/{id}": {
              "get": {
                "summary": "A saved scenario with its results",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SavedScenario"}}}
                  },
                  "404": {
                    "description": "No such saved scenario",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  }
                }
              }
            },
            "/api/explain": {
              "get": {
                "summary": "How one forecast number was made (the explain chain)",
                "parameters": [
                  {"name": "area", "in": "query", "required": true, "schema": {"type": "string"}},
                  {
                    "name": "year",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "2025 or 2025/26"
                  },
                  {
                    "name": "group",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "R or 1 to 13"
                  },
                  {"name": "school", "in": "query", "required": false, "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
                      }
                    }
                  },
                  "400": {
                    "description": "A missing or unknown area, year or group",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  }
                }
              }
            },
            "/api/inputs/revert": {
              "post": {
                "summary": "Go back to the base before the last upload",
                "parameters": [
                  {
                    "name": "X-CSRF-Token",
                    "in": "header",
                    "required": false,
                    "schema": {"type": "string"},
                    "description": "The token of GET /api/session; needed without a bearer token."
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Upload"}}}
                  },
                  "409": {
                    "description": "Nothing to go back to",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  },
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "413": {"$ref": "#/components/responses/TooLarge"}
                }
              }
            },
            "/api/inputs/{file}": {
              "post": {
                "summary": "Upload a new census file; when it passes every check of the command line it becomes the\#
         base (with warnings the base did not have, only when confirmed)",
                "parameters": [
                  {
                    "name": "file",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string", "enum": ["pupils.csv", "school_rolls.csv"]}
                  },
                  {
                    "name": "confirm",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "enum": ["1"]},
                    "description": "1: make it the base despite new warnings"
                  },
                  {
                    "name": "X-CSRF-Token",
                    "in": "header",
                    "required": false,
                    "schema": {"type": "string"},
                    "description": "The token of GET /api/session; needed without a bearer token."
                  }
                ],
                "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Upload"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadFile"},
                  "404": {
                    "description": "Not an uploadable file",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  },
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "413": {"$ref": "#/components/responses/TooLarge"},
                  "409": {
                    "description": "It passes every check but has warnings the base does not (listed): send it again\#
         with confirm=1 to use it",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  },
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/downloads/{file}": {
              "get": {
                "summary": "An output of the base run: a CSV, placeplan.xlsx or report.html",
                "parameters": [{"name": "file", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {
                    "description": "The file",
                    "content": {
                      "text/csv": {"schema": {"type": "string"}},
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type":\#
         "string", "format": "binary"}},
                      "text/html": {"schema": {"type": "string"}}
                    }
                  },
                  "404": {
                    "description": "No such file: the message lists those there are",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Error": {
                "type": "object",
                "properties": {
                  "error": {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}
                },
                "required": ["error"]
              },
              "Session": {
                "type": "object",
                "properties": {
                  "name": {"type": "string"},
                  "role": {"type": "string", "enum": ["planner", "viewer"]},
                  "mayEdit": {"type": "boolean"},
                  "csrfToken": {"type": "string"},
                  "signedIn": {"type": "boolean"}
                },
                "required": ["name", "role", "mayEdit", "csrfToken", "signedIn"]
              },
              "Summary": {
                "type": "object",
                "properties": {
                  "model": {"type": "string"},
                  "origin": {"type": "integer"},
                  "horizon": {"type": "integer"},
                  "areas": {"type": "integer"},
                  "summary": {"type": "array", "items": {"type": "string"}}
                },
                "required": ["model", "origin", "horizon", "areas", "summary"]
              },
              "Surplus": {
                "type": "object",
                "properties": {
                  "areaCode": {"type": "string"},
                  "phase": {"type": "string"},
                  "year": {"type": "integer"},
                  "capacity": {"type": "number"},
                  "pupils": {"type": "number"},
                  "surplusPercent": {"type": ["number", "null"]},
                  "status": {"type": "string"}
                },
                "required": ["areaCode", "phase", "year", "capacity", "pupils", "surplusPercent", "status"]
              },
              "Schools": {
                "type": "object",
                "properties": {
                  "origin": {"type": "integer"},
                  "years": {"type": "array", "items": {"type": "integer"}},
                  "areas": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "phase": {"type":\#
         "string"}},
                      "required": ["code", "name", "phase"]
                    }
                  },
                  "schools": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "areaCode": {"type": "string"},
                        "phase": {"type": "string"},
                        "entryYearGroup": {"type": "string"},
                        "pan": {"type": "number"},
                        "capacity": {"type": "number"},
                        "laSetsPAN": {"type": "boolean"}
                      },
                      "required": ["id", "name", "areaCode", "phase", "entryYearGroup", "pan", "capacity", "laSetsPAN"]
                    }
                  }
                },
                "required": ["origin", "years", "areas", "schools"]
              },
              "Upload": {
                "type": "object",
                "properties": {
                  "file": {"type": "string"},
                  "warnings": {"type": "array", "items": {"type": "string"}},
                  "summary": {"type": "array", "items": {"type": "string"}}
                },
                "required": ["file", "warnings", "summary"]
              },
              "Run": {
                "type": "object",
                "properties": {
                  "id": {"type": "integer"},
                  "startedAt": {"type": "string"},
                  "user": {"type": "string"},
                  "kind": {"type": "string"},
                  "inputs": {"type": "string"},
                  "changes": {"type": "string"},
                  "summary": {"type": "string"},
                  "scenarioID": {"type": ["integer", "null"]}
                },
                "required": ["id", "startedAt", "user", "kind", "inputs", "changes", "summary"]
              },
              "ScenarioResult": {
                "type": "object",
                "properties": {
                  "name": {"type": "string"},
                  "description": {"type": "string"},
                  "file": {"type": "string"},
                  "warnings": {"type": "array", "items": {"type": "string"}},
                  "summary": {"type": "array", "items": {"type": "string"}},
                  "surplus": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "areaCode": {"type": "string"},
                        "areaName": {"type": "string"},
                        "phase": {"type": "string"},
                        "year": {"type": "integer"},
                        "baseCapacity": {"type": "number"},
                        "scenarioCapacity": {"type": "number"},
                        "basePupils": {"type": "number"},
                        "scenarioPupils": {"type": "number"},
                        "baseSurplusPercent": {"type": ["number", "null"]},
                        "scenarioSurplusPercent": {"type": ["number", "null"]}
                      },
                      "required": [
                        "areaCode",
                        "areaName",
                        "phase",
                        "year",
                        "baseCapacity",
                        "scenarioCapacity",
                        "basePupils",
                        "scenarioPupils",
                        "baseSurplusPercent",
                        "scenarioSurplusPercent"
                      ]
                    }
                  }
                },
                "required": ["name", "description", "file", "warnings", "summary", "surplus"]
              },
              "SavedScenario": {
                "type": "object",
                "properties": {
                  "id": {"type": "integer"},
                  "name": {"type": "string"},
                  "description": {"type": "string"},
                  "file": {"type": "string"},
                  "savedBy": {"type": "string"},
                  "savedAt": {"type": "string"},
                  "results": {"$ref": "#/components/schemas/ScenarioResult"}
                },
                "required": ["id", "name", "description", "file", "savedBy", "savedAt"]
              }
            },
            "responses": {
              "Unauthorized": {
                "description": "No credential where one is needed, or an unknown token",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "Forbidden": {
                "description": "A viewer, or no valid CSRF token",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "TooLarge": {
                "description": "The body is too large",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "BadFile": {
                "description": "The file fails a check: the command line's message, with file, line and column",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "Busy": {
                "description": "The scenario queue is full: retry after Retry-After seconds",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            },
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "NAME:SECRET as `placeplan users add` printed it"
              }
            }
          }
        }
        """#
}
