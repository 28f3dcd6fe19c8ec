export { uploadModule } from './module.js';
export {
  createUploadService,
  uploadsRoot,
  type SlotResult,
  type StoredFile,
  type UploadService,
  type UploadServiceDeps,
} from './upload-service.js';
export { createUploadsRepository } from './uploads.repository.js';
