/** Images, records and files: lookups in the world's simulated data directory. */
import { createHash } from 'node:crypto';
import type { ActionHandler } from '../core/action-server.js';
import { Fail } from '../core/failure.js';
import { uploadGroupFile } from '../core/group-upload.js';
import { joinedGroup } from './group-helpers.js';

const recordFormats = ['mp3', 'amr', 'wma', 'm4a', 'spx', 'ogg', 'wav', 'flac'];

const withExtension = (name: string, ext: string) => `${name.replace(/\.[^./]*$/, '')}.${ext}`;

export const mediaActions: Record<string, ActionHandler> = {
  get_image: (call) => {
    const file = call.params.requiredStr('file');
    const image = call.state.world.data.images.find((i) => i.file === file);
    if (!image) throw Fail.noData(`no image ${file}`);
    return { file: image.path };
  },
  get_record: (call) => {
    const file = call.params.requiredStr('file');
    const format = call.params.requiredStr('out_format');
    if (!recordFormats.includes(format)) throw Fail.badParams(`out_format must be one of ${recordFormats.join(', ')}`);
    const record = call.state.world.data.records.find((r) => r.file === file);
    if (!record) throw Fail.noData(`no record ${file}`);
    const converted = withExtension(record.file, format);
    return { file: call.params.bool('full_path') ? withExtension(record.path, format) : converted };
  },
  can_send_image: () => ({ yes: true }),
  can_send_record: () => ({ yes: true }),
  get_group_file_url: (call) => {
    const groupId = call.params.id('group_id');
    const fileId = call.params.requiredStr('file_id');
    const busid = call.params.int('busid');
    const { group } = joinedGroup(call.state, groupId);
    const file = group.files.find((f) => f.file_id === fileId && (busid === undefined || f.busid === busid));
    if (!file) throw Fail.noData(`no file ${fileId} in group ${groupId}`);
    return { url: `https://sandbox.invalid/group/${groupId}/file${encodeURI(file.file_id)}?fname=${encodeURIComponent(file.file_name)}` };
  },
  upload_group_file: (call) => {
    const { state, params } = call;
    const groupId = params.id('group_id');
    const file = params.requiredStr('file');
    const name = params.requiredStr('name');
    const folder = params.str('folder');
    const { group } = joinedGroup(state, groupId);
    const folderId = folder === undefined || folder === '' || folder === '/' ? null : folder;
    if (folderId !== null && !group.folders.some((f) => f.folder_id === folderId)) throw Fail.noData(`no folder ${folderId}`);
    uploadGroupFile(state, group, { name, size: Buffer.byteLength(file), uploader: state.world.selfId, folderId });
  },
  upload_private_file: (call) => {
    call.params.id('user_id');
    call.params.requiredStr('file');
    call.params.requiredStr('name');
  },
  download_file: (call) => {
    const url = call.params.requiredStr('url');
    // The sandbox never touches the network: it answers where the download would have been stored.
    return { file: `/sandbox/data/download/${createHash('sha1').update(url).digest('hex')}` };
  },
  ocr_image: (call) => {
    const file = call.params.requiredStr('image');
    const image = call.state.world.data.images.find((i) => i.file === file);
    if (!image) throw Fail.noData(`no image ${file}`);
    return {
      texts: image.ocr.map((t, i) => ({
        text: t.text,
        confidence: t.confidence,
        coordinates: [
          { x: 0, y: i * 20 },
          { x: 100, y: i * 20 },
          { x: 100, y: i * 20 + 18 },
          { x: 0, y: i * 20 + 18 },
        ],
      })),
      language: 'zh',
    };
  },
};
