// The Explore endpoints' types, from the generated schema (schema.d.ts, `npm run gen:api`).
import type { components } from "./schema";

type Schemas = components["schemas"];

/** Where a map or grouping stands: "ready", "computing", "encoding" or "unavailable". */
export type ExploreStatus = string;
/** One document on the map: where it is (x, y in [-1, 1]), its group, its answer and the model's guess. */
export type MapPoint = Schemas["MapPointDto"];
/** GET /projects/{id}/map: a page of the map's points, or what is happening while there are none. */
export type MapPage = Schemas["MapDto"];
/** One group of similar documents: its size, distinctive terms, central examples and answers per label. */
export type Cluster = Schemas["ClusterDto"];
export type ClusterExample = Schemas["ClusterExampleDto"];
/** GET /projects/{id}/clusters. */
export type Clusters = Schemas["ClustersDto"];
/** One unlabelled document unlike any labelled one, with its highest similarity to a labelled one. */
export type NovelDocument = Schemas["NovelDocumentDto"];
/** GET /projects/{id}/novelty. */
export type Novelty = Schemas["NoveltyDto"];
/** POST /projects/{id}/queue/focus. */
export type Focused = Schemas["FocusDto"];
/** POST /projects/{id}/annotations/bulk. */
export type BulkAnswers = Schemas["BulkAnswerResult"];
