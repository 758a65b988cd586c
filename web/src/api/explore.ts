// The Explore endpoints' types (map, groups, novelty, focus, bulk answers). Written from the API contract until the
// server's OpenAPI document describes them; then they name the generated schema's types.

export type ExploreStatus = "ready" | "computing" | "encoding" | "unavailable";

/** One document on the map: where it is, its group, its answer and the model's guess. */
export interface MapPoint {
  documentId: number;
  /** In [-1, 1]. */
  x: number;
  y: number;
  /** The group's id: an index into the groups' list for the same k. */
  cluster: number;
  /** The label its current answers give most (an annotator sees only their own answers). */
  answer: string | null;
  /** The model's guess for an unlabelled document, and its probability (null without a model). */
  prediction: string | null;
  confidence: number | null;
}

/** GET /projects/{id}/map: one page of the map's points, or what is happening while there are none. */
export interface MapPage {
  status: ExploreStatus;
  message: string;
  encoder: string | null;
  seed: number;
  /** Changes whenever the layout changes. */
  version: number;
  total: number;
  page: number;
  pageSize: number;
  points: MapPoint[];
}

export interface ClusterExample {
  documentId: number;
  /** At most 300 characters. */
  text: string;
}

/** One group of similar documents. */
export interface Cluster {
  id: number;
  size: number;
  /** Most distinctive first. */
  terms: string[];
  /** Up to 5 central documents. */
  examples: ClusterExample[];
  /** Current answers per label. */
  labelCounts: Record<string, number>;
  /** How many of its documents have an answer. */
  labelled: number;
  /** Its centre on the map. */
  x: number;
  y: number;
}

/** GET /projects/{id}/clusters. */
export interface Clusters {
  status: ExploreStatus;
  message: string;
  k: number;
  /** Whether k was chosen automatically. */
  automatic: boolean;
  seed: number;
  clusters: Cluster[];
}

export interface NovelDocument {
  documentId: number;
  text: string;
  /** The highest cosine similarity to a labelled document. */
  similarity: number;
}

/** GET /projects/{id}/novelty: unlabelled documents least like any labelled one, least similar first. */
export interface Novelty {
  status: ExploreStatus;
  message: string;
  documents: NovelDocument[];
}

/** POST /projects/{id}/queue/focus. */
export interface Focused {
  queued: number;
}

/** POST /projects/{id}/annotations/bulk. */
export interface BulkAnswers {
  recorded: number;
  unchanged: number;
}
