import type { components } from "./schema";
import type { BulkAnswers, Clusters, Focused, MapPage, Novelty } from "./explore";
import type { NewRule, Rule, RuleDraft, RuleHitsPage, RuleImport, RulePackage, RulePreview, RulesAnalysis, RuleUpdate, RuleVersion, SuggestedRules } from "./rules";

export type Project = components["schemas"]["ProjectDto"];
export type Label = components["schemas"]["LabelDto"];
export type Stats = components["schemas"]["ProjectStatistics"];
export type Task = components["schemas"]["TaskDto"];
export type Annotation = components["schemas"]["AnnotationDto"];
export type DocumentFull = components["schemas"]["DocumentDto"];
export type DocumentPage = components["schemas"]["DocumentPageDto"];
export type DocumentSummary = components["schemas"]["DocumentSummaryDto"];
export type ImportResult = components["schemas"]["ImportResultDto"];
export type NewProject = components["schemas"]["NewProject"];
export type NewAnnotation = components["schemas"]["NewAnnotation"];
export type ImportLineError = components["schemas"]["ImportLineError"];
export type Model = components["schemas"]["ModelDto"];
export type Strategy = components["schemas"]["StrategyDto"];
export type Encoder = components["schemas"]["EncoderDto"];
export type TrainingRun = components["schemas"]["TrainingRunDto"];
export type LabelDifficultyReport = components["schemas"]["LabelDifficultyReport"];
export type LabelAssessment = components["schemas"]["LabelAssessment"];
export type Feasibility = components["schemas"]["Feasibility"];
export type NewLabel = components["schemas"]["NewLabel"];
export type LabelUpdate = components["schemas"]["LabelUpdate"];
export type TaxonomyResult = components["schemas"]["TaxonomyResultDto"];
export type TaxonomyChange = components["schemas"]["TaxonomyChangeDto"];
export type ImportRun = components["schemas"]["ImportDto"];
export type Deleted = components["schemas"]["DeletedDto"];
export type Agreement = components["schemas"]["AgreementDto"];
export type Estimate = components["schemas"]["EstimateDto"];
export type Session = components["schemas"]["SessionDto"];
export type User = components["schemas"]["UserDto"];
export type LoginRequest = components["schemas"]["LoginRequest"];
export type PasswordChange = components["schemas"]["PasswordChange"];
export type Token = components["schemas"]["TokenDto"];
export type NewToken = components["schemas"]["NewApiToken"];
export type CreatedToken = components["schemas"]["CreatedTokenDto"];
export type Member = components["schemas"]["MemberDto"];
export type Members = components["schemas"]["MembersDto"];
export type NewMember = components["schemas"]["NewMember"];
export type NewUser = components["schemas"]["NewUserRequest"];
export type AddedUser = components["schemas"]["AddedUserDto"];
export type UserChange = components["schemas"]["UserChange"];
export type AuditPage = components["schemas"]["AuditPageDto"];
export type ReviewPage = components["schemas"]["ReviewPage"];
export type ReviewItem = components["schemas"]["ReviewItem"];
export type Final = components["schemas"]["FinalDto"];
export type FinalRequest = components["schemas"]["FinalRequest"];
export type Comment = components["schemas"]["CommentDto"];
export type SettingsChange = Partial<components["schemas"]["ProjectSettings"]>;
export type AnnotatorFigures = components["schemas"]["AnnotatorFigures"];
export type NewComment = components["schemas"]["NewComment"];
export type Assignment = components["schemas"]["AssignmentDto"];
export type NewAssignment = components["schemas"]["NewAssignment"];
/** The data of a `model` event on the project's event stream. */
export type ModelEvent = components["schemas"]["ModelEventDto"];
/** The data of a `stats` event (answers changed); OpenAPI can describe one event type per stream, so this one is written here. */
export interface StatsEvent {
  projectId: number;
  changedAt: string;
}

/** RFC 9457 problem details as the server sends them, with Tagloop's extensions. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]> | ImportLineError[];
  errorCount?: number;
  imported?: number;
  skipped?: number;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title || `The server answered ${problem.status}.`);
  }

  /** Validation messages per field, e.g. {"labels[1].key": ["…"]}. */
  get fieldErrors(): Record<string, string[]> {
    const e = this.problem.errors;
    return e && !Array.isArray(e) ? e : {};
  }
}

const ANNOTATOR_KEY = "tagloop.annotator";
const DEFAULT_ANNOTATOR = "annotator";

/** The server's rule for annotator names, so that a bad name is caught where it is typed. */
export function annotatorProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length > 100) return "A name can have at most 100 characters.";
  if (trimmed && !/^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$/u.test(trimmed)) {
    return "Use letters, digits, spaces and . - _ @ only, starting with a letter or digit.";
  }
  return null;
}

export function annotator(): string {
  const stored = localStorage.getItem(ANNOTATOR_KEY)?.trim();
  return stored && !annotatorProblem(stored) ? stored : DEFAULT_ANNOTATOR;
}

/** Stores a valid name (an empty one means the default) and says whether it was valid. */
export function setAnnotator(name: string): boolean {
  if (annotatorProblem(name)) return false;
  localStorage.setItem(ANNOTATOR_KEY, name.trim() || DEFAULT_ANNOTATOR);
  return true;
}

/**
 * Header values are bytes: a name such as "Zoë" or "Łukasz" is sent as its UTF-8 bytes (which the server reads)
 * rather than as Latin-1, which fetch would send for "Zoë" and refuse for "Łukasz".
 */
export function headerValue(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

export function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { "X-Tagloop-Annotator": headerValue(annotator()), ...extra };
}

/** A response body read as JSON, or the problem to show when it is not JSON. */
export type Body = { ok: true; value: unknown } | { ok: false; problem: Problem };

/**
 * Reads a response body as JSON. A body that is not JSON (an answer cut short, a proxy's error page) is never shown
 * as it is: it becomes a problem that says what happened in plain words.
 */
export function parseBody(text: string, status: number): Body {
  if (!text) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const success = status >= 200 && status < 300;
    return {
      ok: false,
      problem: {
        status,
        detail: success
          ? "The server's answer arrived incomplete or damaged. Reload the page to try again."
          : `The server answered ${status} without an explanation. Reload the page to try again.`,
      },
    };
  }
}

let onUnauthorized: (() => void) | undefined;

/** Called whenever the server answers 401 (the session ended, or accounts were turned on): the page shows the sign-in form. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

const unreachable = () => new ApiError({ status: 0, detail: "The Tagloop server could not be reached. Is it still running?" });

/** Whether an error is a request given up by its AbortSignal (a newer one took its place): nothing to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException ? error.name === "AbortError" : (error as { name?: unknown } | null)?.name === "AbortError";
}

/** `signingIn`: a 401 is a wrong password, not an ended session. `signal` gives the request up. */
async function request<T>(method: string, path: string, body?: unknown, signingIn = false, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw error;
    throw unreachable();
  }
  const answer = parseBody(await response.text(), response.status);
  if (!answer.ok) throw new ApiError(answer.problem);
  const data = answer.value;
  if (response.status === 401 && !signingIn) onUnauthorized?.();
  if (!response.ok) throw new ApiError({ status: response.status, ...(data as object | undefined) });
  if (response.status === 204) return undefined as T;
  // An address the API does not know can come back as the web page itself: never take that for data.
  if (!response.headers.get("Content-Type")?.includes("json")) {
    throw new ApiError({ status: response.status, detail: `The server gave an unexpected answer for ${path}.` });
  }
  return data as T;
}

/** The export formats the server writes (GET /projects/{id}/export?format=). */
export type ExportFormat = "jsonl" | "csv" | "prodigy" | "label-studio" | "doccano" | "argilla" | "spacy";

export const api = {
  projects: () => request<Project[]>("GET", "/projects"),
  project: (id: number) => request<Project>("GET", `/projects/${id}`),
  createProject: (p: NewProject) => request<Project>("POST", "/projects", p),
  strategies: () => request<Strategy[]>("GET", "/strategies"),
  encoders: () => request<Encoder[]>("GET", "/encoders"),
  updateSettings: (id: number, settings: SettingsChange) => request<Project>("PATCH", `/projects/${id}/settings`, settings),
  updateProject: (id: number, update: { name?: string; guidelines?: string }) => request<Project>("PATCH", `/projects/${id}`, update),
  deleteProject: (id: number) => request<void>("DELETE", `/projects/${id}`),
  stats: (id: number) => request<Stats>("GET", `/projects/${id}/stats`),
  next: (id: number) => request<Task | undefined>("GET", `/projects/${id}/tasks/next`),
  /** The next task of a span-tagging project in a mode: correct (the region's spans to fix) or teach (one suggestion). */
  nextSpanTask: (id: number, mode: "correct" | "teach") => request<Task | undefined>("GET", `/projects/${id}/tasks/next?mode=${mode}`),
  annotate: (id: number, a: NewAnnotation) => request<Annotation>("POST", `/projects/${id}/annotations`, a),
  undo: (id: number, annotationId: number) => request<void>("DELETE", `/projects/${id}/annotations/${annotationId}`),
  documents: (id: number, query: { filter?: string; q?: string; page?: number; pageSize?: number }) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
    return request<DocumentPage>("GET", `/projects/${id}/documents?${params}`);
  },
  document: (id: number, documentId: number) => request<DocumentFull>("GET", `/projects/${id}/documents/${documentId}`),
  deleteDocument: (id: number, documentId: number) => request<void>("DELETE", `/projects/${id}/documents/${documentId}`),
  /** Deletes what a filter and search select; `expected` is the count the person confirmed (409 when it changed). */
  deleteDocuments: (id: number, selection: { filter?: string; q?: string; expected: number }) =>
    request<Deleted>("POST", `/projects/${id}/documents/delete`, {
      filter: selection.filter || null, q: selection.q || null, expected: selection.expected,
    }),
  labels: (id: number) => request<Label[]>("GET", `/projects/${id}/labels`),
  addLabel: (id: number, label: NewLabel) => request<Label>("POST", `/projects/${id}/labels`, label),
  updateLabel: (id: number, labelId: number, update: LabelUpdate) => request<Label>("PATCH", `/projects/${id}/labels/${labelId}`, update),
  mergeLabel: (id: number, labelId: number, into: number) => request<TaxonomyResult>("POST", `/projects/${id}/labels/${labelId}/merge`, { into }),
  splitLabel: (id: number, labelId: number, into: NewLabel[]) => request<TaxonomyResult>("POST", `/projects/${id}/labels/${labelId}/split`, { into }),
  deleteLabel: (id: number, labelId: number) => request<void>("DELETE", `/projects/${id}/labels/${labelId}`),
  labelHistory: (id: number) => request<TaxonomyChange[]>("GET", `/projects/${id}/labels/history`),
  imports: (id: number) => request<ImportRun[]>("GET", `/projects/${id}/imports`),
  deleteImport: (id: number, importId: number) => request<Deleted>("DELETE", `/projects/${id}/imports/${importId}`),
  model: (id: number) => request<Model>("GET", `/projects/${id}/model`),
  modelHistory: (id: number) => request<TrainingRun[]>("GET", `/projects/${id}/model/history`),
  /** How hard each label is for the model, and whether the task looks learnable. */
  labelDifficulty: (id: number) => request<LabelDifficultyReport>("GET", `/projects/${id}/model/labels`),
  /** How far the annotators agree, over the documents two or more of them answered. */
  agreement: (id: number) => request<Agreement>("GET", `/projects/${id}/agreement`),
  /** Figures per annotator (owners only). */
  annotators: (id: number) => request<AnnotatorFigures[]>("GET", `/projects/${id}/annotators`),
  /** Documents set aside for people (reviewers and owners). */
  assignments: (id: number) => request<{ assignments: Assignment[] }>("GET", `/projects/${id}/assignments`),
  addAssignment: (id: number, assignment: NewAssignment) => request<Assignment>("POST", `/projects/${id}/assignments`, assignment),
  removeAssignment: (id: number, assignmentId: number) => request<void>("DELETE", `/projects/${id}/assignments/${assignmentId}`),
  /** Documents waiting for a reviewer; `reason` narrows to one reason (relabel, disagreement, flagged, suspect). */
  review: (id: number, query: { reason?: string; page?: number; pageSize?: number }) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
    return request<ReviewPage>("GET", `/projects/${id}/review?${params}`);
  },
  /** Sets the document's final label (a reviewer's decision). */
  setFinal: (id: number, documentId: number, final: FinalRequest) => request<Final>("PUT", `/projects/${id}/documents/${documentId}/final`, final),
  comments: (id: number, documentId: number) => request<Comment[]>("GET", `/projects/${id}/documents/${documentId}/comments`),
  /** The comments in the project that mention a person, newest first; without `user`, whoever is signed in. */
  mentions: (id: number, user?: string) =>
    request<Comment[]>("GET", `/projects/${id}/mentions${user ? `?user=${encodeURIComponent(user)}` : ""}`),
  addComment: (id: number, documentId: number, comment: NewComment) => request<Comment>("POST", `/projects/${id}/documents/${documentId}/comments`, comment),
  /** The project's labelling rules, oldest first. */
  rules: (id: number) => request<{ rules: Rule[] }>("GET", `/projects/${id}/rules`),
  addRule: (id: number, rule: NewRule) => request<Rule>("POST", `/projects/${id}/rules`, rule),
  /** Changes a rule; with `version`, only if nobody changed it since (409 otherwise). */
  updateRule: (id: number, ruleId: number, change: RuleUpdate) => request<Rule>("PATCH", `/projects/${id}/rules/${ruleId}`, change),
  deleteRule: (id: number, ruleId: number) => request<void>("DELETE", `/projects/${id}/rules/${ruleId}`),
  ruleVersions: (id: number, ruleId: number) => request<{ versions: RuleVersion[] }>("GET", `/projects/${id}/rules/${ruleId}/versions`),
  /** Every rule's figures, and the switched-on rules' together. */
  rulesAnalysis: (id: number) => request<RulesAnalysis>("GET", `/projects/${id}/rules/analysis`),
  /**
   * What a draft rule would find: figures and a page of the documents it votes on. `ruleId`: the saved rule the draft
   * edits, whose own votes are then no overlap.
   */
  previewRule: (id: number, draft: RuleDraft, page: number, pageSize: number, ruleId: number | null, signal?: AbortSignal) =>
    request<RulePreview>("POST", `/projects/${id}/rules/preview?page=${page}&pageSize=${pageSize}${ruleId === null ? "" : `&ruleId=${ruleId}`}`, draft, false, signal),
  /** A page of the documents a saved rule votes on. */
  ruleHits: (id: number, ruleId: number, page: number, pageSize: number) =>
    request<RuleHitsPage>("GET", `/projects/${id}/rules/${ruleId}/hits?page=${page}&pageSize=${pageSize}`),
  /** Keyword rules worth writing, from the documents' final labels, up to `maxPerClass` per label. */
  ruleSuggestions: (id: number, maxPerClass = 5) => request<SuggestedRules>("GET", `/projects/${id}/rules/suggestions?maxPerClass=${maxPerClass}`),
  /** Adds a package's rules (owners); all or nothing. */
  importRules: (id: number, pkg: RulePackage) => request<RuleImport>("POST", `/projects/${id}/rules/import`, pkg),
  /** A page of the corpus map's points (or, while it is being made, what is happening); `k` picks the grouping. */
  map: (id: number, page: number, pageSize: number, k?: number) =>
    request<MapPage>("GET", `/projects/${id}/map?page=${page}&pageSize=${pageSize}${k === undefined ? "" : `&k=${k}`}`),
  /** Groups of similar documents; without `k` their number is chosen automatically. */
  clusters: (id: number, k?: number) => request<Clusters>("GET", `/projects/${id}/clusters${k === undefined ? "" : `?k=${k}`}`),
  /** Unlabelled documents least like anything labelled so far. */
  novelty: (id: number, limit: number) => request<Novelty>("GET", `/projects/${id}/novelty?limit=${limit}`),
  /** Puts these documents first in the caller's queue (replacing an earlier focus). */
  focusQueue: (id: number, documentIds: number[]) => request<Focused>("POST", `/projects/${id}/queue/focus`, { documentIds }),
  /** One answer by the caller for each of these documents, in one go. */
  bulkAnnotate: (id: number, documentIds: number[], labels: string[]) =>
    request<BulkAnswers>("POST", `/projects/${id}/annotations/bulk`, { documentIds, labels }),
  /** A document, given up when `signal` aborts (hovering over the map moves on). */
  documentFor: (id: number, documentId: number, signal?: AbortSignal) =>
    request<DocumentFull>("GET", `/projects/${id}/documents/${documentId}`, undefined, false, signal),
  session: () => request<Session>("GET", "/auth/session"),
  login: (credentials: LoginRequest) => request<Session>("POST", "/auth/login", credentials, true),
  logout: () => request<void>("POST", "/auth/logout"),
  changePassword: (change: PasswordChange) => request<void>("PUT", "/auth/password", change),
  tokens: () => request<Token[]>("GET", "/tokens"),
  createToken: (token: NewToken) => request<CreatedToken>("POST", "/tokens", token),
  revokeToken: (tokenId: number) => request<void>("DELETE", `/tokens/${tokenId}`),
  members: (id: number) => request<Members>("GET", `/projects/${id}/members`),
  /** Adds a member, or changes their role. */
  setMember: (id: number, member: NewMember) => request<Member>("POST", `/projects/${id}/members`, member),
  removeMember: (id: number, user: string) => request<void>("DELETE", `/projects/${id}/members/${encodeURIComponent(user)}`),
  users: () => request<User[]>("GET", "/users"),
  addUser: (user: NewUser) => request<AddedUser>("POST", "/users", user),
  updateUser: (name: string, change: Partial<UserChange>) => request<AddedUser>("PATCH", `/users/${encodeURIComponent(name)}`, change),
  audit: (page: number, pageSize: number) => request<AuditPage>("GET", `/audit?page=${page}&pageSize=${pageSize}`),
  /** The project's server-sent events: `model` and `stats`. */
  eventsUrl: (id: number) => `/api/v1/projects/${id}/events`,
  modelFileUrl: (id: number) => `/api/v1/projects/${id}/model/file`,
  /** The project's rules as a package, downloaded as project-{id}-rules.json. */
  rulesExportUrl: (id: number) => `/api/v1/projects/${id}/rules/export`,
  exportUrl: (id: number, format: ExportFormat, raw = false) =>
    `/api/v1/projects/${id}/export?format=${format}${raw ? "&raw=true" : ""}`,
};

/** Uploads a file as the raw request body, reporting upload progress (fetch cannot). */
export function uploadDocuments(
  projectId: number,
  file: Blob,
  query: Record<string, string | boolean | undefined>,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<ImportResult> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "" && v !== false) params.set(k, String(v));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/projects/${projectId}/documents?${params}`);
    xhr.setRequestHeader("Content-Type", contentType);
    for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(unreachable());
    xhr.onload = () => {
      const body = parseBody(xhr.responseText, xhr.status);
      if (!body.ok) reject(new ApiError(body.problem));
      else if (xhr.status >= 200 && xhr.status < 300) resolve(body.value as ImportResult);
      else {
        if (xhr.status === 401) onUnauthorized?.();
        reject(new ApiError({ status: xhr.status, ...((body.value as object | undefined) ?? {}) }));
      }
    };
    xhr.send(file);
  });
}
