/** A group file upload, whoever makes it (the account by action, a member by injection). */
import type { GroupData } from '../world/types.js';
import type { SandboxState } from './state.js';

export interface GroupUpload {
  name: string;
  size: number;
  uploader: number;
  /** null: the root folder. */
  folderId: string | null;
}

/** Adds the file to the group and reports `group_upload` as QQ does; returns the new file id. */
export function uploadGroupFile(state: SandboxState, group: GroupData, upload: GroupUpload): string {
  const now = state.world.nowSeconds();
  const fileId = `/file-${state.world.nextCounter('file')}`;
  group.files.push({
    file_id: fileId,
    file_name: upload.name,
    busid: 102,
    file_size: upload.size,
    upload_time: now,
    dead_time: 0,
    modify_time: now,
    download_times: 0,
    uploader: upload.uploader,
    folder_id: upload.folderId,
  });
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_upload',
    group_id: group.group_id,
    user_id: upload.uploader,
    file: { id: fileId, name: upload.name, size: upload.size, busid: 102 },
  });
  return fileId;
}
